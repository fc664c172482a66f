from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DeskCase


@tagged("post_install", "-at_install")
class TestLivechatToRequest(DeskCase):
    def _chat(self, visitor=None, guest=None, operator=None):
        operator = operator or self.agent
        members = [Command.create({"partner_id": operator.partner_id.id})]
        if visitor:
            members.append(Command.create({"partner_id": visitor.id}))
        channel = self.env["discuss.channel"].create(
            {
                "name": "ვებ-საიტის ვიზიტორი",
                "channel_type": "livechat",
                "livechat_operator_id": operator.partner_id.id,
                "livechat_active": True,
                "channel_member_ids": members,
            }
        )
        if guest:
            self.env["discuss.channel.member"].create({"channel_id": channel.id, "guest_id": guest.id})
        author = {"author_id": visitor.id} if visitor else {"author_id": False, "author_guest_id": guest.id}
        channel.with_context(mail_create_nosubscribe=True).message_post(
            body="მრიცხველი არ მუშაობს, 2000000001", message_type="comment", **author
        )
        channel.message_post(author_id=operator.partner_id.id, body="გადავამოწმებ", message_type="comment")
        return channel

    def _desk_block(self, user, key):
        blocks = self.env["telmico.desk"].with_user(user).get_desk_data()["blocks"]
        return next(block for block in blocks if block["key"] == key)

    def _visitor_messages(self, channel):
        return channel.message_ids.filtered(lambda m: m.message_type == "comment").mapped("body")

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

    def test_request_command_twice_keeps_one_request(self):
        channel = self._chat(visitor=self.client)
        channel.with_user(self.agent).execute_command_request()
        request = channel.telmico_request_ids
        channel.with_user(self.agent).execute_command_request()
        self.assertEqual(channel.telmico_request_ids, request, "the second /request points to the first")
        self.assertEqual(self._desk_block(self.agent, "my_requests")["count"], 1)

    def test_visitor_told_the_number_and_chat_named_after_the_client(self):
        channel = self._chat(visitor=self.client)
        channel.with_user(self.agent).execute_command_request()
        request = channel.telmico_request_ids
        told = [body for body in self._visitor_messages(channel) if request.name in body]
        self.assertEqual(len(told), 1, "the visitor reads the number in the chat")
        self.assertEqual(
            channel.message_ids.filtered(lambda m: request.name in m.body).author_id, self.agent.partner_id
        )
        operator_member = channel.channel_member_ids.filtered(lambda m: m.partner_id == self.agent.partner_id)
        self.assertEqual(operator_member.custom_channel_name, self.client.name, "staff see the client's name")
        visitor_member = channel.channel_member_ids.filtered(lambda m: m.partner_id == self.client)
        self.assertFalse(visitor_member.custom_channel_name, "the visitor's own window is not renamed")

    def test_anonymous_registration_on_the_desk_until_the_chat_ends(self):
        guest = self.env["mail.guest"].create({"name": "სტუმარი"})
        channel = self._chat(guest=guest, operator=self.chat_agent)
        chats = self._desk_block(self.chat_agent, "chats")
        self.assertEqual([b["method"] for b in chats["items"][0]["buttons"]], ["action_telmico_create_request"])
        self.env["telmico.desk"].with_user(self.chat_agent).desk_call(
            "discuss.channel", channel.id, "action_telmico_create_request"
        )
        registration = channel.telmico_request_ids
        self.assertEqual(registration.state, "draft")
        item = self._desk_block(self.chat_agent, "chats")["items"][0]
        self.assertEqual([b["method"] for b in item["buttons"]], ["action_telmico_open_request"])
        self.assertEqual(item["badge"], "Registration")
        action = (
            self.env["telmico.desk"]
            .with_user(self.chat_agent)
            .desk_call("discuss.channel", channel.id, "action_telmico_open_request")
        )
        self.assertEqual((action["res_model"], action["res_id"]), ("telmico.request", registration.id))
        mine = self._desk_block(self.chat_agent, "my_requests")
        self.assertIn(registration.id, [i["id"] for i in mine["items"]], "the registration is in my requests")
        self.assertNotIn(registration.id, [i["id"] for i in self._desk_block(self.chat_agent, "interrupted")["items"]])
        # the visitor closes the window: the registration is interrupted at once
        channel.with_user(self.chat_agent)._close_livechat_session()
        self.assertTrue(registration.interrupted)
        interrupted = self._desk_block(self.chat_agent, "interrupted")
        self.assertIn(registration.id, [i["id"] for i in interrupted["items"]])
        self.assertNotIn(registration.id, [i["id"] for i in self._desk_block(self.chat_agent, "my_requests")["items"]])

    def test_anonymous_visitor_identified_then_registered(self):
        guest = self.env["mail.guest"].create({"name": "სტუმარი"})
        channel = self._chat(guest=guest)
        channel.with_user(self.agent).execute_command_request()
        registration = channel.telmico_request_ids
        self.assertFalse([body for body in self._visitor_messages(channel) if "REQ-" in body], "no number yet")
        registration.with_user(self.agent).write({"partner_id": self.client.id})
        operator_member = channel.channel_member_ids.filtered(lambda m: m.partner_id == self.agent.partner_id)
        self.assertEqual(operator_member.custom_channel_name, self.client.name)
        registration.with_user(self.agent).action_register()
        self.assertRegex(registration.name, r"^REQ-")
        told = [body for body in self._visitor_messages(channel) if registration.name in body]
        self.assertEqual(len(told), 1, "the number is said in the chat once it exists")

    def test_website_chat_is_telmico(self):
        self.assertEqual(self.env.ref("im_livechat.im_livechat_channel_data").name, "Telmico")
