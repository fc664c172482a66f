from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestMailingDemo(TransactionCase):
    def test_demo_mailing(self):
        """The demo shows a saved debt audience with its draft SMS reminder, and the portal customer's inbox."""
        stats = self.env["telmico.demo"]._generate(size=150)
        self.assertEqual(stats["mailing_audiences"], 2)
        audience = self.env["telmico.mailing.audience"].search([("name", "=", "დავალიანება 50 ლარზე მეტი — საბურთალო")])
        draft = audience.mailing_ids.filtered(lambda m: m.state == "draft")
        self.assertEqual(draft.mailing_type, "sms")
        self.assertEqual(draft.mailing_kind, "transactional")
        for client in audience.sample_partner_ids:
            self.assertGreater(client.total_debt, 50)
            self.assertIn("საბურთალო", client.subscriber_ids.mapped("district"))
        portal = self.env["res.users"].search([("login", "=", "portal")])
        self.assertEqual(self.env["telmico.mailing.message"].with_user(portal)._unread_count(), 1)
        self.assertEqual(self.env["telmico.mailing.trigger"].search_count([]), 2)

    def test_demo_sent_campaigns(self):
        """Two campaigns already sent, an SMS reminder and an e-mail, show their statistics and reach the client card."""
        self.env["telmico.demo"]._generate(size=150)
        sent = self.env["mailing.mailing"].search([("state", "=", "done")], order="mailing_type")
        self.assertEqual(sent.mapped("mailing_type"), ["mail", "sms"])
        admin = self.env.ref("base.user_admin")
        self.assertEqual(
            self.env["mailing.mailing"].with_user(admin).search([("user_id", "=", admin.id)]),
            self.env["mailing.mailing"].search([]),
            "the mailing lists open on the user's own mailings: the administrator sees the demo's",
        )
        mail, sms = sent
        for mailing in sent:
            self.assertGreater(len(mailing.mailing_trace_ids), 5, mailing.subject)
            self.assertGreater(mailing.delivered, 0, mailing.subject)
        self.assertGreater(mail.opened, 0)
        self.assertTrue(mail.mailbox_id)
        self.assertGreater(sms.failed + sms.canceled, 0, "some numbers failed or were opted out")
        recipients = self.env["res.partner"].browse(sms.mailing_trace_ids.mapped("res_id"))
        self.assertEqual(
            recipients, recipients.filtered_domain(sms.audience_id._get_domain()), "the audience's clients"
        )
        client = self.env["res.partner"].browse(
            sms.mailing_trace_ids.filtered(lambda t: t.trace_status == "sent")[0].res_id
        )
        communications = self.env["telmico.communication"].search(
            [("partner_id", "=", client.id), ("kind", "=", "mailing")]
        )
        self.assertIn("delivered", communications.mapped("status"))
