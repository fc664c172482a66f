from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from .common import DeskCase

DESK_BLOCKS = {"emails", "portal", "my_requests", "my_services", "activities", "interrupted", "done_today"}


class TestDesk(DeskCase):
    def test_blocks_follow_the_roles(self):
        """Agents get the front-office blocks; team work is for team members and leaders; chats for operators."""
        self.assertEqual(set(self.desk(self.agent)), DESK_BLOCKS | {"team"})
        self.assertEqual(set(self.desk(self.leader)), DESK_BLOCKS | {"team"})
        self.assertEqual(set(self.desk(self.chat_agent)), DESK_BLOCKS | {"chats"}, "in no team: no team block")
        self.assertEqual(self.desk(self.employee), {}, "an employee without a Desk role gets no block")
        data = self.env["telmico.desk"].with_user(self.leader).get_desk_data()
        self.assertEqual(data["user"]["teams"], [self.team.name])
        self.assertTrue(data["user"]["is_leader"])
        self.assertEqual(
            [block["sequence"] for block in data["blocks"]], sorted(block["sequence"] for block in data["blocks"])
        )

    def test_unprocessed_emails_of_my_teams_counted(self):
        """The counter counts every unprocessed e-mail of my teams; the list shows the first eight."""
        mails = self.env["telmico.request"]
        for index in range(10):
            mails |= self._request(subject=f"Invoice question {index}")
        self._request(subject="Other team's e-mail", team_id=self.other_team.id)
        self._request(subject="Taken already", user_id=self.agent2.id, state="in_progress")
        self._request(subject="A walk-in", channel="walk_in")
        emails = self.desk(self.agent)["emails"]
        self.assertEqual(emails["count"], 10)
        self.assertEqual(len(emails["items"]), 8)
        self.assertLessEqual(set(self.item_ids(emails)), set(mails.ids))
        self.assertEqual(emails["items"][0]["buttons"][0]["method"], "action_take")
        self.assertEqual(emails["action"]["res_model"], "telmico.request")
        self.assertEqual(self.env["telmico.request"].search_count(emails["action"]["domain"]), 10, "Open all = count")
        self.assertEqual(self.desk(self.outsider)["emails"]["count"], 1)
        team_work = self.desk(self.leader)["team"]
        self.assertEqual(team_work["count"], 11, "the ten e-mails and the walk-in wait for someone")

    def test_take_moves_the_email_to_my_requests(self):
        request = self._request(subject="Wrong meter reading")
        desk = self.desk(self.agent)
        self.assertIn(request.id, self.item_ids(desk["emails"]))
        self.assertEqual(desk["my_requests"]["count"], 0)
        before = self.last_bus_id()
        result = self.env["telmico.desk"].with_user(self.agent).desk_call("telmico.request", request.id, "action_take")
        self.assertIsNone(result)
        self.assertEqual((request.user_id, request.state), (self.agent, "in_progress"))
        desk = self.desk(self.agent)
        self.assertNotIn(request.id, self.item_ids(desk["emails"]))
        self.assertEqual(self.item_ids(desk["my_requests"]), [request.id])
        self.assertEqual(desk["my_requests"]["items"][0]["badge"], "In progress")
        refreshed = self.desk_refreshes(before)
        self.assertIn(self.agent.partner_id, refreshed, "the taker's Desk follows")
        self.assertIn(self.agent2.partner_id, refreshed, "the team's Desks drop the e-mail")
        self.assertIn(self.leader.partner_id, refreshed)
        self.assertNotIn(self.outsider.partner_id, refreshed, "another team is not disturbed")

    def test_only_desk_buttons_can_be_called(self):
        request = self._request()
        desk = self.env["telmico.desk"].with_user(self.agent)
        for model, method in [
            ("telmico.request", "action_cancel"),
            ("telmico.request", "unlink"),
            ("telmico.request", "_notify_desk"),
            ("res.users", "action_take"),
        ]:
            with self.subTest(method=method), self.assertRaises(AccessError):
                desk.desk_call(model, request.id, method)
        self.assertEqual(request.state, "new")
        with self.assertRaises(AccessError, msg="the chat button is for live chat operators only"):
            desk.desk_call("discuss.channel", 1, "action_telmico_create_request")

    def test_a_request_taken_meanwhile_is_not_taken_again(self):
        """Two agents' Desks list the same e-mail: the second Take is refused, not a silent reassignment."""
        request = self._request()
        desk = self.env["telmico.desk"]
        desk.with_user(self.agent2).desk_call("telmico.request", request.id, "action_take")
        with self.assertRaisesRegex(UserError, "no longer on your Desk"):
            desk.with_user(self.agent).desk_call("telmico.request", request.id, "action_take")
        self.assertEqual(request.user_id, self.agent2)

    def test_record_rules_apply_to_desk_buttons(self):
        """The Desk runs as the user: another team's request cannot be taken through it."""
        request = self._request(team_id=self.other_team.id)
        with self.assertRaises(AccessError):
            self.env["telmico.desk"].with_user(self.agent).desk_call("telmico.request", request.id, "action_take")
        self.assertFalse(request.user_id)

    def test_portal_and_my_open_requests(self):
        portal = self._request(channel="portal", subject="From the cabinet")
        mine = self._request(channel="phone", user_id=self.agent.id, state="in_progress")
        pending = self._request(channel="phone", user_id=self.agent.id)
        pending.action_pending()
        self._request(channel="phone", user_id=self.agent2.id, state="in_progress")
        desk = self.desk(self.agent)
        self.assertEqual(self.item_ids(desk["portal"]), [portal.id])
        self.assertEqual(desk["my_requests"]["count"], 2)
        self.assertEqual(set(self.item_ids(desk["my_requests"])), {mine.id, pending.id})
        urgent = self._request(channel="phone", user_id=self.agent.id, priority="3")
        item = next(i for i in self.desk(self.agent)["my_requests"]["items"] if i["id"] == urgent.id)
        # the badge is the state for every request; the urgency is a mark of its own
        self.assertEqual((item["badge"], item["priority"]), ("New", "Urgent"))
        self.assertEqual((item["number"], item["title"]), (urgent.name, urgent.subject), "the number stands apart")

    def test_completed_today(self):
        request = self._request(channel="phone", user_id=self.agent.id, state="in_progress")
        request.action_resolve()
        old = self._request(channel="phone", user_id=self.agent.id, state="in_progress")
        old.action_resolve()
        old.date_resolved = fields.Datetime.now() - timedelta(days=2)
        done_today = self.desk(self.agent)["done_today"]
        self.assertEqual((done_today["count"], self.item_ids(done_today)), (1, [request.id]))
        request.date_registered = fields.Datetime.now() - timedelta(days=3)
        item = self.desk(self.agent)["done_today"]["items"][0]
        self.assertEqual(item["date"], fields.Datetime.to_string(request.date_resolved), "when it was completed")

    def test_breach_says_which_deadline_was_missed(self):
        """Breached while the resolution deadline is still ahead: the response deadline was the one missed."""
        now = fields.Datetime.now()
        request = self._request(channel="phone", user_id=self.agent.id)
        request.write(
            {
                "sla_state": "breached",
                "sla_response_deadline": now - timedelta(hours=1),
                "sla_resolution_deadline": now + timedelta(days=1),
            }
        )
        self.assertEqual(request.sla_label, "Response deadline missed")
        item = next(i for i in self.desk(self.agent)["my_requests"]["items"] if i["id"] == request.id)
        self.assertEqual((item["badge"], item["sla"]), ("New", "Response deadline missed"))
        request.sla_resolution_deadline = now - timedelta(minutes=5)
        self.assertEqual(request.sla_label, "Resolution deadline missed")
        request.sla_state = "at_risk"
        self.assertEqual(request.sla_label, "At risk")

    def test_interrupted_registration_continues(self):
        Request = self.env["telmico.request"].with_user(self.agent)
        draft = Request.create({"subject": "Hung up", "channel": "phone"})
        draft.action_interrupt()
        block = self.desk(self.agent)["interrupted"]
        self.assertEqual(self.item_ids(block), [draft.id])
        item = block["items"][0]
        self.assertEqual((item["title"], item["badge"]), ("Hung up", "Interrupted"))
        self.assertTrue(item["buttons"][0]["open_form"], "Continue opens the registration")
        self.assertFalse(self.desk(self.agent2)["interrupted"]["count"], "only my registrations")
        self.env["telmico.desk"].with_user(self.agent).desk_call("telmico.request", draft.id, "action_resume")
        self.assertFalse(draft.interrupted)
        self.assertFalse(self.desk(self.agent)["interrupted"]["count"])

    def test_planned_tasks(self):
        request = self._request(user_id=self.agent.id, state="in_progress")
        today = fields.Date.context_today(request)
        late = request.activity_schedule(
            "mail.mail_activity_data_todo", today - timedelta(days=1), summary="Call back", user_id=self.agent.id
        )
        later = request.activity_schedule(
            "mail.mail_activity_data_todo", today + timedelta(days=3), summary="Check payment", user_id=self.agent.id
        )
        request.activity_schedule("mail.mail_activity_data_todo", today, user_id=self.agent2.id)
        block = self.desk(self.agent)["activities"]
        self.assertEqual((block["count"], block["alert"]), (2, 1), "two planned, one of them late")
        self.assertEqual(self.item_ids(block), [late.id, later.id])
        first = block["items"][0]
        self.assertEqual((first["title"], first["badge"]), ("Call back", "Overdue"))
        self.assertEqual((first["res_model"], first["res_id"]), ("telmico.request", request.id), "opens the request")
        self.env["telmico.desk"].with_user(self.agent).desk_call("mail.activity", late.id, "action_done")
        self.assertEqual(self.item_ids(self.desk(self.agent)["activities"]), [later.id])

    def test_my_services_with_deadline_and_their_notification(self):
        template = self.env["telmico.service.template"].create({"name": "Meter check", "kind": "simple"})
        service = self.env["telmico.service"].create({"template_id": template.id, "partner_id": self.client.id})
        self.assertFalse(self.desk(self.agent)["my_services"]["count"], "a draft is nobody's work yet")
        before = self.last_bus_id()
        deadline = fields.Datetime.now() - timedelta(hours=1)
        service.write({"state": "in_progress", "user_id": self.agent.id, "date_deadline": deadline})
        self.assertIn(self.agent.partner_id, self.desk_refreshes(before))
        block = self.desk(self.agent)["my_services"]
        self.assertEqual((block["count"], block["alert"]), (1, 1))
        item = block["items"][0]
        self.assertEqual((item["id"], item["badge"], item["date"]), (service.id, "Overdue", str(deadline)))
        before = self.last_bus_id()
        service.user_id = self.agent2
        refreshed = self.desk_refreshes(before)
        self.assertIn(self.agent.partner_id, refreshed, "the former executor's Desk drops it")
        self.assertIn(self.agent2.partner_id, refreshed)
        self.assertFalse(self.desk(self.agent)["my_services"]["count"])

    def test_live_chat_becomes_a_request(self):
        visitor = self.env["res.partner"].create({"name": "Website visitor"})
        before = self.last_bus_id()
        chat = self.env["discuss.channel"].create(
            {
                "name": "Visitor, ანა",
                "channel_type": "livechat",
                "livechat_active": True,
                "livechat_operator_id": self.chat_agent.partner_id.id,
                "channel_member_ids": [
                    Command.create({"partner_id": self.chat_agent.partner_id.id}),
                    Command.create({"partner_id": visitor.id}),
                ],
            }
        )
        self.assertIn(self.chat_agent.partner_id, self.desk_refreshes(before), "a new chat shows up live")
        chats = self.desk(self.chat_agent)["chats"]
        self.assertEqual(self.item_ids(chats), [chat.id])
        self.assertEqual(chats["items"][0]["buttons"][0]["method"], "action_telmico_create_request")
        action = (
            self.env["telmico.desk"]
            .with_user(self.chat_agent)
            .desk_call("discuss.channel", chat.id, "action_telmico_create_request")
        )
        self.assertEqual(action["res_model"], "telmico.request")
        request = self.env["telmico.request"].browse(action["res_id"])
        self.assertEqual((request.livechat_channel_id, request.partner_id), (chat, visitor))
        item = self.desk(self.chat_agent)["chats"]["items"][0]
        buttons = [button["method"] for button in item["buttons"]]
        self.assertEqual((item["badge"], buttons), ("Request", ["action_telmico_open_request"]), "one request per chat")
        before = self.last_bus_id()
        chat.livechat_active = False
        self.assertIn(self.chat_agent.partner_id, self.desk_refreshes(before))
        self.assertFalse(self.desk(self.chat_agent)["chats"]["count"], "the visitor left")
