from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import SmsGatewayCase


@tagged("post_install", "-at_install", "telmico_sms")
class TestSmsSecurity(SmsGatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing = cls.env["res.groups"].create({"name": "SMS marketing"})
        cls.marketer = new_test_user(cls.env, login="sms_marketer", groups="base.group_user")
        cls.marketer.groups_id += cls.marketing
        cls.promo = cls.env["telmico.sms.sender"].create(
            {"name": "TelmicoAds", "gateway_id": cls.gateway.id, "group_ids": [(6, 0, cls.marketing.ids)]}
        )
        cls.admin = new_test_user(cls.env, login="sms_admin", groups="base.group_system")

    def compose(self, user, sender, number="+995599123456"):
        """Send an SMS from the "Send SMS" wizard as ``user`` under ``sender``."""
        composer = (
            self.env["sms.composer"]
            .with_user(user)
            .create({"composition_mode": "numbers", "numbers": number, "body": "ფასდაკლება", "sender_id": sender.id})
        )
        composer.action_send_sms()
        return self.env["sms.sms"].search([("number", "=", number)], order="id desc", limit=1)

    def test_sender_rights(self):
        Sender = self.env["telmico.sms.sender"]
        self.assertNotIn(self.promo, Sender.with_user(self.agent).search([]), "not offered to other users")
        self.assertIn(self.gateway.sender_ids[0], Sender.with_user(self.agent).search([]), "an open sender is")
        with self.assertRaises(AccessError):
            self.compose(self.agent, self.promo)
        self.assertFalse(self.sim.messages)
        sms = self.compose(self.marketer, self.promo)
        self.assertEqual((sms.sender_id, sms.state), (self.promo, "pending"))
        self.assertEqual([(m["sender"], m["content"]) for m in self.sim.messages], [("TelmicoAds", "pasdakleba")])
        self.assertEqual(self.compose(self.agent, self.gateway.sender_ids[0], "+995577001122").state, "pending")
        # the same rule guards code that creates SMS as a user
        with self.assertRaises(AccessError):
            self.promo.with_user(self.agent).check_access("read")

    def test_gateway_and_key_for_administrators_only(self):
        with self.assertRaises(AccessError):
            self.gateway.with_user(self.agent).read(["name"])
        with self.assertRaises(AccessError):
            self.env["telmico.sms.sender"].with_user(self.agent).create({"name": "Mine", "gateway_id": self.gateway.id})
        self.assertEqual(self.gateway.with_user(self.admin).api_key_hint, "…kkkk")
        self.assertTrue(self.gateway.with_user(self.admin).api_key)

    def test_an_agent_sms_is_sent_with_the_administrators_gateway(self):
        """The agent cannot read the gateway or its key, yet their SMS goes through it."""
        sms = self.compose(self.agent, self.env["telmico.sms.sender"])
        self.assertEqual((sms.state, sms.gateway_id), ("pending", self.gateway))
        self.assertEqual(self.received(), ["995599123456"])
