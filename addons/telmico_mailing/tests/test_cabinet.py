from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import MailingCase, create_mailing_world


class TestCabinetMailing(MailingCase):
    def test_one_message_per_recipient_without_duplicates(self):
        mailing = self._mailing("mail", "transactional", cabinet_delivery=True, subject="ახალი ტარიფები")
        self.assertEqual(mailing._mailing_channel(), "cabinet")
        self.assertEqual(
            set(mailing._get_recipients()), set(self.clients.ids), "no e-mail consent needed for the cabinet"
        )
        mailing.action_send_mail()
        messages = self.env["telmico.mailing.message"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(messages.partner_id, self.clients)
        self.assertEqual(set(messages.mapped("name")), {"ახალი ტარიფები"})
        nino_message = messages.filtered(lambda m: m.partner_id == self.nino)
        self.assertIn("ნინო კაპანაძე", nino_message.body, "the body is rendered for each client")
        self.assertFalse(any(messages.mapped("is_read")))
        self.assertEqual(mailing.state, "done")
        self.assertEqual(len(mailing.mailing_trace_ids), 3, "traced like an e-mail: the statistics count them")
        self.assertFalse(self.env["mail.mail"].search([("mailing_id", "=", mailing.id)]), "no e-mail is sent")
        # sent again (a retry after a crash): nobody gets it twice
        self.assertFalse(mailing._get_remaining_recipients())
        mailing._send_to_cabinet(self.clients.ids)
        self.assertEqual(self.env["telmico.mailing.message"].search_count([("mailing_id", "=", mailing.id)]), 3)

    def test_advertising_cabinet_needs_marketing_consent(self):
        mailing = self._mailing("mail", "advertising", cabinet_delivery=True)
        mailing.action_send_mail()
        self.assertEqual(
            self.env["telmico.mailing.message"].search([("mailing_id", "=", mailing.id)]).partner_id, self.nino
        )


class PortalInboxMixin:
    @classmethod
    def _setup_inbox(cls):
        world = create_mailing_world(cls.env)
        cls.nino, cls.levan = world["nino"], world["levan"]
        cls.portal_nino = new_test_user(
            cls.env, login="portal_nino", password="portal_nino_pw", groups="base.group_portal", partner_id=cls.nino.id
        )
        cls.portal_levan = new_test_user(
            cls.env,
            login="portal_levan",
            password="portal_levan_pw",
            groups="base.group_portal",
            partner_id=cls.levan.id,
        )
        Message = cls.env["telmico.mailing.message"]
        cls.nino_messages = Message.create(
            [
                {"partner_id": cls.nino.id, "name": "დავალიანების შეხსენება", "body": "<p>გადაიხადეთ 120 ლარი</p>"},
                {"partner_id": cls.nino.id, "name": "ახალი ტარიფები", "body": "<p>ტარიფები იცვლება</p>"},
            ]
        )
        cls.levan_message = Message.create(
            {"partner_id": cls.levan.id, "name": "ლევანის წერილი", "body": "<p>პირადი ინფორმაცია</p>"}
        )


class TestPortalInboxRules(PortalInboxMixin, MailingCase):
    @classmethod
    def setUpClass(cls):
        super(MailingCase, cls).setUpClass()
        cls._setup_inbox()

    def test_portal_users_see_only_their_own(self):
        Message = self.env["telmico.mailing.message"]
        self.assertEqual(Message.with_user(self.portal_nino).search([]), self.nino_messages)
        self.assertEqual(Message.with_user(self.portal_levan).search([]), self.levan_message)
        self.assertEqual(Message.with_user(self.portal_nino)._unread_count(), 2)
        with self.assertRaises(AccessError):
            self.levan_message.with_user(self.portal_nino).read(["body"])
        with self.assertRaises(AccessError):
            self.nino_messages[0].with_user(self.portal_nino).write({"is_read": True})
        with self.assertRaises(AccessError):
            Message.with_user(self.portal_nino).create({"partner_id": self.nino.id, "name": "x"})


@tagged("post_install", "-at_install")
class TestPortalInbox(PortalInboxMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_inbox()

    def test_inbox_read_state_and_isolation(self):
        self.authenticate("portal_nino", "portal_nino_pw")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["cabinet_unread_count"]})
        self.assertEqual(counters["cabinet_unread_count"], 2)
        home = self.url_open("/my")
        self.assertIn("/my/messages", home.text)
        page = self.url_open("/my/messages")
        self.assertEqual(page.status_code, 200)
        self.assertIn("დავალიანების შეხსენება", page.text)
        self.assertNotIn("ლევანის წერილი", page.text)
        self.assertEqual(page.text.count("o_telmico_unread"), 2)
        detail = self.url_open(f"/my/messages/{self.nino_messages[0].id}")
        self.assertIn("გადაიხადეთ 120 ლარი", detail.text)
        self.assertTrue(self.nino_messages[0].is_read)
        self.assertTrue(self.nino_messages[0].read_date)
        self.assertFalse(self.nino_messages[1].is_read)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["cabinet_unread_count"]})
        self.assertEqual(counters["cabinet_unread_count"], 1)
        unread = self.url_open("/my/messages?filterby=unread")
        self.assertIn("ახალი ტარიფები", unread.text)
        self.assertNotIn("დავალიანების შეხსენება", unread.text)
        # another client's message: not shown, not marked read
        other = self.url_open(f"/my/messages/{self.levan_message.id}")
        self.assertNotIn("პირადი ინფორმაცია", other.text)
        self.assertTrue(other.url.endswith("/my/messages"))
        self.assertFalse(self.levan_message.is_read)
