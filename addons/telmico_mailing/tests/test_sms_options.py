from unittest.mock import patch

from odoo.addons.telmico_sms.tests.common import KEY, make_gateway
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from simulators.sms import SmsSimulator

from .common import MailingCase

BODY = "გამარჯობა! გთხოვთ, გადაიხადოთ დავალიანება ვადაში, წინააღმდეგ შემთხვევაში შეგიწყდებათ მიწოდება."


@tagged("post_install", "-at_install", "telmico_mailing")
class TestSmsMailingOptions(MailingCase):
    """SMS mailings: Latin or not (per mailing, per template), the live counter and cost, the sender name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sim = SmsSimulator(key=KEY, senders={"Telmico", "TelmicoAds"}).start()
        cls.addClassCleanup(cls.sim.stop)
        cls.env["telmico.sms.gateway"].search([]).is_default = False
        cls.gateway = make_gateway(cls.env, cls.sim, segment_price=0.05)
        cls.ads = cls.env["telmico.sms.sender"].create(
            {
                "name": "TelmicoAds",
                "gateway_id": cls.gateway.id,
                "group_ids": [(6, 0, cls.env.ref("telmico_mailing.group_mailing_manager").ids)],
            }
        )

    def setUp(self):
        super().setUp()
        self.sim.messages.clear()

    def _send(self, mailing):
        """Queue the mailing's SMS, then what the SMS queue's cron does; returns the texts the gateway got."""
        mailing.action_send_sms()
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        sms.send(unlink_sent=False)
        return sms, [message["content"] for message in self.sim.messages]

    def test_mailing_choice_wins_over_the_gateway(self):
        mailing = self._mailing("sms", "transactional", body_plaintext="გამარჯობა")
        self.assertTrue(mailing.sms_transliterate, "the gateway's setting by default")
        mailing.sms_transliterate = False
        sms, texts = self._send(mailing)
        self.assertEqual(set(sms.mapped("transliteration")), {"original"})
        self.assertEqual(texts, ["გამარჯობა"] * 2, "as written although the gateway transliterates")
        self.sim.messages.clear()
        self.gateway.transliterate = False
        latin = self._mailing("sms", "transactional", body_plaintext="გამარჯობა", sms_transliterate=True)
        self.assertEqual(self._send(latin)[1], ["gamarjoba"] * 2)

    def test_template_choice_wins(self):
        template = self.env["sms.template"].create(
            {"name": "შეხსენება", "model_id": self.partner_model.id, "body": "გამარჯობა", "transliterate": False}
        )
        mailing = self._mailing("sms", "transactional", sms_template_id=template.id)
        self.assertFalse(mailing.sms_transliterate)
        # picking the template in the form (the template field's onchange) takes its choice
        draft = self.env["mailing.mailing"].new({"mailing_type": "sms", "subject": "ახალი"})
        self.assertTrue(draft.sms_transliterate)
        draft.sms_template_id = template
        draft._onchange_sms_template_id()
        self.assertFalse(draft.sms_transliterate)

    def test_live_counter_and_estimated_cost(self):
        form = Form(self._mailing("sms", "transactional"))
        form.body_plaintext = BODY
        self.assertEqual(form.sms_char_count, len(BODY))
        self.assertEqual((form.sms_encoding, form.sms_segment_count), ("ucs2", 2))
        self.assertEqual((form.sms_latin_encoding, form.sms_latin_segment_count), ("gsm7", 1))
        self.assertEqual(form.sms_recipient_count, 2, "ნინო and თამარ agree to SMS")
        self.assertAlmostEqual(form.sms_estimated_cost, 0.10, msg="1 Latin segment × 2 recipients × 0.05")
        form.sms_transliterate = False
        self.assertAlmostEqual(form.sms_estimated_cost, 0.20, msg="2 Georgian segments × 2 × 0.05")

    def test_sender_used_when_queued(self):
        mailing = self._mailing("sms", "transactional", sms_sender_id=self.ads.id)
        sms, _texts = self._send(mailing)
        self.assertEqual(sms.sender_id, self.ads)
        self.assertEqual({message["sender"] for message in self.sim.messages}, {"TelmicoAds"})

    def test_sender_refused_to_who_may_not_use_it(self):
        mailing = self._mailing("sms", "transactional").with_user(self.user)
        with self.assertRaisesRegex(UserError, "TelmicoAds"):
            mailing.sms_sender_id = self.ads
        with self.assertRaisesRegex(UserError, "TelmicoAds"):
            self._mailing("sms", "transactional").with_user(self.user).create(
                {
                    "subject": "სარეკლამო",
                    "mailing_type": "sms",
                    "body_plaintext": "ტექსტი",
                    "mailing_model_id": self.partner_model.id,
                    "sms_sender_id": self.ads.id,
                }
            )
        # a mailing given the name by an administrator cannot be launched by this user either
        mailing.sudo().sms_sender_id = self.ads
        with self.assertRaisesRegex(UserError, "TelmicoAds"):
            mailing.action_launch()
        self.assertEqual(mailing.state, "draft")
        # the manager may
        managed = self._mailing("sms", "transactional").with_user(self.manager)
        managed.sms_sender_id = self.ads
        managed.action_launch()
        self.assertEqual(managed.state, "in_queue")

    def test_large_campaign_queued_in_batches(self):
        """Odoo's composer cannot take more than about 11 000 ids at once: the recipients go in batches."""
        mailing = self._mailing("sms", "transactional")
        with patch("odoo.addons.telmico_mailing.models.mailing_mailing.SMS_BATCH_SIZE", 1):
            mailing.action_send_sms()
        self.assertEqual(self.env["sms.composer"].search_count([("mailing_id", "=", mailing.id)]), 2, "one per batch")
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(sms.partner_id, self.nino | self.tamar)
        mailing.action_send_sms()
        self.assertEqual(self.env["sms.sms"].search_count([("mailing_id", "=", mailing.id)]), 2, "nobody twice")

    def test_test_sms_through_the_gateway_with_the_sender(self):
        """The mailing's *Test* goes through our gateway (Odoo's wizard calls IAP), under its sender and choice."""
        mailing = self._mailing("sms", "transactional", sms_sender_id=self.ads.id, sms_transliterate=False)
        mailing.body_plaintext = "გამარჯობა"
        wizard = self.env["mailing.sms.test"].create({"mailing_id": mailing.id, "numbers": "+995599100201\nabc"})
        wizard.action_send_sms()
        self.assertEqual(
            [(message["sender"], message["content"], message["destination"]) for message in self.sim.messages],
            [("TelmicoAds", "გამარჯობა", "995599100201")],
        )
        log = mailing.message_ids[0].body
        self.assertIn("Test SMS successfully sent to +995599100201", log)
        self.assertIn("not correctly encoded: abc", log)
        # a user who may not use the sender cannot test under it either
        refused = (
            self.env["mailing.sms.test"]
            .with_user(self.user)
            .create({"mailing_id": mailing.id, "numbers": "+995599100201"})
        )
        with self.assertRaisesRegex(UserError, "TelmicoAds"):
            refused.action_send_sms()
