from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import MailingCase


@tagged("post_install", "-at_install", "telmico_mailing")
class TestMailbox(MailingCase):
    """E-mail mailings are sent from a registered mailbox the author's groups may use."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = cls.env["ir.mail_server"].create(
            {"name": "telmico.ge", "smtp_host": "127.0.0.1", "smtp_port": 2525, "from_filter": "telmico.ge"}
        )
        Mailbox = cls.env["telmico.mailing.mailbox"]
        cls.service = Mailbox.create(
            {"name": "მომსახურება", "email_from": "Telmico <info@telmico.ge>", "mail_server_id": cls.server.id}
        )
        cls.marketing = Mailbox.create(
            {
                "name": "მარკეტინგი",
                "email_from": "news@telmico.ge",
                "mail_server_id": cls.server.id,
                "group_ids": [(6, 0, cls.env.ref("telmico_mailing.group_mailing_manager").ids)],
            }
        )

    def test_mailbox_gives_address_and_server(self):
        mailing = self._mailing("mail", "transactional", keep_archives=True).with_user(self.user)
        mailing.mailbox_id = self.service
        self.assertEqual(mailing.email_from, "Telmico <info@telmico.ge>")
        self.assertEqual(mailing.mail_server_id, self.server)
        mailing.action_launch()
        self.assertEqual(mailing.state, "in_queue")
        mailing.sudo().action_send_mail()
        mail = self.env["mail.mail"].search([("mailing_id", "=", mailing.id)], limit=1)
        self.assertEqual((mail.email_from, mail.mail_server_id), ("Telmico <info@telmico.ge>", self.server))

    def test_only_allowed_mailboxes(self):
        self.assertEqual(
            self.env["telmico.mailing.mailbox"].with_user(self.user).search([]), self.service, "not marketing's"
        )
        mailing = self._mailing("mail", "advertising").with_user(self.user)
        with self.assertRaisesRegex(UserError, "მარკეტინგი"):
            mailing.mailbox_id = self.marketing
        # given the mailbox by an administrator, the user still cannot launch it
        mailing.sudo().mailbox_id = self.marketing
        with self.assertRaisesRegex(UserError, "მარკეტინგი"):
            mailing.action_launch()
        self.assertEqual(mailing.state, "draft")
        managed = self._mailing("mail", "advertising").with_user(self.manager)
        managed.mailbox_id = self.marketing
        managed.action_launch()
        self.assertEqual(managed.state, "in_queue")

    def test_mailbox_required_once_registered_and_address_kept(self):
        mailing = self._mailing("mail", "transactional").with_user(self.user)
        with self.assertRaisesRegex(UserError, "Choose the mailbox"):
            mailing.action_launch()
        mailing.mailbox_id = self.service
        mailing.email_from = "someone@elsewhere.ge"
        with self.assertRaisesRegex(UserError, "info@telmico.ge"):
            mailing.action_test()
        # SMS and cabinet mailings need no mailbox
        self._mailing("sms", "transactional").with_user(self.user).action_launch()
        self._mailing("mail", "transactional", cabinet_delivery=True).with_user(self.user).action_launch()

    def test_without_mailboxes_odoo_address(self):
        self.env["telmico.mailing.mailbox"].search([]).action_archive()
        mailing = self._mailing("mail", "transactional").with_user(self.user)
        mailing.action_launch()
        self.assertEqual(mailing.state, "in_queue")

    def test_address_must_fit_the_server(self):
        with self.assertRaisesRegex(ValidationError, "From filter"):
            self.service.email_from = "info@example.com"
        with self.assertRaisesRegex(ValidationError, "not an e-mail address"):
            self.service.email_from = "Telmico"
