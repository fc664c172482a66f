from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import MailingCase


class TestMailingSecurity(MailingCase):
    def test_roles_chain(self):
        """An administrator of the addon is also its user; a user is not an administrator."""
        self.assertTrue(self.manager.has_group("telmico_mailing.group_mailing_user"))
        self.assertFalse(self.user.has_group("telmico_mailing.group_mailing_manager"))
        self.assertTrue(self.user.has_group("mass_mailing.group_mass_mailing_user"), "uses Odoo's mailings")
        self.assertTrue(self.env.ref("base.user_admin").has_group("telmico_mailing.group_mailing_manager"))

    def test_audience_rules(self):
        Audience = self.env["telmico.mailing.audience"]
        mine = Audience.with_user(self.user).create({"name": "ჩემი", "min_debt": 10})
        theirs = Audience.with_user(self.manager).create({"name": "სხვისი", "min_debt": 20})
        self.assertEqual(Audience.with_user(self.user).search([("id", "in", (mine | theirs).ids)]), mine | theirs)
        mine.with_user(self.user).write({"min_debt": 15})
        with self.assertRaises(AccessError):
            theirs.with_user(self.user).write({"min_debt": 5})
        with self.assertRaises(AccessError):
            theirs.with_user(self.user).unlink()
        theirs.with_user(self.manager).write({"min_debt": 5})
        mine.with_user(self.manager).unlink()

    def test_triggers_configured_by_administrators(self):
        Trigger = self.env["telmico.mailing.trigger"]
        vals = {"name": "დაბადების დღე", "body": "გილოცავთ!"}
        with self.assertRaises(AccessError):
            Trigger.with_user(self.user).create(vals)
        trigger = Trigger.with_user(self.manager).create(vals)
        self.assertEqual(Trigger.with_user(self.user).search([("id", "=", trigger.id)]), trigger)

    def test_outsiders_see_nothing(self):
        employee = new_test_user(self.env, login="mailing_outsider", groups="base.group_user")
        for model in ("telmico.mailing.audience", "telmico.mailing.message", "telmico.mailing.trigger"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(employee).search([])

    def test_cabinet_messages_read_only_for_users(self):
        message = self.env["telmico.mailing.message"].create({"partner_id": self.nino.id, "name": "შეტყობინება"})
        self.assertEqual(message.with_user(self.user).name, "შეტყობინება")
        with self.assertRaises(AccessError):
            message.with_user(self.user).write({"name": "შეცვლილი"})
