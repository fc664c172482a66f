from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestMailingDemo(TransactionCase):
    def test_demo_mailing(self):
        """The demo shows a saved debt audience with its draft SMS reminder, and the portal customer's inbox."""
        stats = self.env["telmico.demo"]._generate(size=150)
        self.assertEqual(stats["mailing_audiences"], 2)
        audience = self.env["telmico.mailing.audience"].search([("name", "=", "დავალიანება 50 ლარზე მეტი — საბურთალო")])
        self.assertEqual(audience.mailing_ids.mailing_type, "sms")
        self.assertEqual(audience.mailing_ids.state, "draft")
        self.assertEqual(audience.mailing_ids.mailing_kind, "transactional")
        for client in audience.sample_partner_ids:
            self.assertGreater(client.total_debt, 50)
            self.assertIn("საბურთალო", client.subscriber_ids.mapped("district"))
        portal = self.env["res.users"].search([("login", "=", "portal")])
        self.assertEqual(self.env["telmico.mailing.message"].with_user(portal)._unread_count(), 1)
        self.assertEqual(self.env["telmico.mailing.trigger"].search_count([]), 2)
