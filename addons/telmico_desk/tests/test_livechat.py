from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DeskCase


@tagged("post_install", "-at_install")
class TestLivechatToRequest(DeskCase):
    def _chat(self, visitor=None, guest=None):
        members = [Command.create({"partner_id": self.agent.partner_id.id})]
        if visitor:
            members.append(Command.create({"partner_id": visitor.id}))
        channel = self.env["discuss.channel"].create(
            {
                "name": "ვებ-საიტის ვიზიტორი",
                "channel_type": "livechat",
                "livechat_operator_id": self.agent.partner_id.id,
                "channel_member_ids": members,
            }
        )
        if guest:
            self.env["discuss.channel.member"].create({"channel_id": channel.id, "guest_id": guest.id})
        author = {"author_id": visitor.id} if visitor else {"author_id": False, "author_guest_id": guest.id}
        channel.with_context(mail_create_nosubscribe=True).message_post(
            body="მრიცხველი არ მუშაობს, 2000000001", message_type="comment", **author
        )
        channel.message_post(author_id=self.agent.partner_id.id, body="გადავამოწმებ", message_type="comment")
        return channel

    def test_known_visitor_chat_becomes_registered_request_with_transcript(self):
        channel = self._chat(visitor=self.client)
        channel.with_user(self.agent).execute_command_request()
        request = channel.telmico_request_ids
        self.assertEqual(len(request), 1)
        self.assertEqual((request.channel, request.partner_id, request.user_id), ("chat", self.client, self.agent))
        self.assertEqual(request.state, "in_progress")
        self.assertRegex(request.name, r"^REQ-")
        self.assertIn("მრიცხველი არ მუშაობს", request.description)
        self.assertIn("გადავამოწმებ", request.description, "the whole conversation is kept")
        self.assertEqual(request.subject, "მრიცხველი არ მუშაობს, 2000000001")
        # the Desk button opens the same request instead of making a second one
        action = channel.with_user(self.agent).action_telmico_create_request()
        self.assertEqual((action["res_model"], action["res_id"]), ("telmico.request", request.id))
        self.assertEqual(len(channel.telmico_request_ids), 1)

    def test_anonymous_visitor_leaves_a_registration(self):
        guest = self.env["mail.guest"].create({"name": "სტუმარი"})
        channel = self._chat(guest=guest)
        action = channel.with_user(self.agent).action_telmico_create_request()
        request = self.env["telmico.request"].browse(action["res_id"])
        self.assertEqual((request.state, request.channel), ("draft", "chat"))
        self.assertFalse(request.partner_id, "the operator identifies the client before registering")
        self.assertIn("მრიცხველი არ მუშაობს", request.description)

    def test_only_live_chats(self):
        group = self.env["discuss.channel"].create({"name": "შიდა ჯგუფი", "channel_type": "channel"})
        with self.assertRaisesRegex(UserError, "live chat"):
            group._telmico_create_request()
