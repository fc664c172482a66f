from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DeskCase


class TestWorkSessions(DeskCase):
    """Handling time on every channel: work sessions per agent (open, ping, reply, take, status change, leave, with
    an idle cut-off of five minutes), summed per request and per agent."""

    def at(self, minute, hour=10):
        return freeze_time(datetime(2026, 11, 24, hour, minute))

    def ping(self, request, user, idle=0):
        return request.with_user(user).collision_enter(idle_seconds=idle)

    def sessions(self, request):
        return request.work_session_ids.sorted(lambda s: (s.date_start, s.id))

    def test_two_agents_on_an_email_request(self):
        with self.at(0):
            request = self._request(subject="ქვითარი არ მომივიდა")  # arrives by e-mail: nobody worked on it yet
        self.assertEqual(request.handling_minutes, 0)
        # ნინო opens it, reads it for five minutes, answers the client and leaves
        for minute in range(6):
            with self.at(minute):
                self.ping(request, self.agent)
        with self.at(6):
            request.with_user(self.agent).message_post(
                body="გადავამოწმებთ და გიპასუხებთ.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with self.at(7):
            request.with_user(self.agent).collision_leave()
        # ლაშა takes it from the Desk twenty minutes later, works on it and sets it pending
        with self.at(20):
            self.env["telmico.desk"].with_user(self.agent2).desk_call("telmico.request", request.id, "action_take")
        for minute in range(21, 30):
            with self.at(minute):
                self.ping(request, self.agent2)
        with self.at(30):
            request.with_user(self.agent2).action_pending()
        with self.at(31):
            request.with_user(self.agent2).collision_leave()  # already ended by the status change
        sessions = self.sessions(request)
        self.assertEqual(
            [(s.user_id, s.date_start.minute, s.date_end.minute, s.source, s.ended) for s in sessions],
            [(self.agent, 0, 7, "open", True), (self.agent2, 20, 30, "take", True)],
        )
        self.assertEqual(request.handling_minutes, 17.0, "7 minutes of ნინო and 10 of ლაშა")
        per_agent = dict(
            self.env["telmico.request.work.session"]._read_group(
                [("request_id", "=", request.id)], ["user_id"], ["duration:sum"]
            )
        )
        self.assertEqual(per_agent, {self.agent: 7.0, self.agent2: 10.0})
        # the client's reply resumes the request: no agent worked, no time counted
        with self.at(40):
            request.message_post(
                body="მადლობა", author_id=self.client.id, message_type="email", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(len(request.work_session_ids), 2)

    def test_idle_and_hidden_forms_do_not_count(self):
        request = self._request()
        with self.at(0):
            self.ping(request, self.agent)
        with self.at(1):
            self.ping(request, self.agent, idle=30)
        with self.at(2):
            self.ping(request, self.agent, idle=400)  # no key or click for almost seven minutes
        with self.at(3):
            self.ping(request, self.agent, idle=False)  # the form is in a tab out of sight
        with self.at(20):
            self.ping(request, self.agent, idle=2)  # back at work: the first session ended at 10:01
        with self.at(22):
            self.ping(request, self.agent, idle="bogus")  # not a number: not counted, no error
            self.ping(request, self.agent, idle=5)
        self.assertEqual([(s.date_start.minute, s.date_end.minute) for s in self.sessions(request)], [(0, 1), (20, 22)])
        self.assertEqual(request.handling_minutes, 3.0)
        # a request that is done is not worked on by looking at it
        request.with_user(self.agent).action_take()
        request.with_user(self.agent).action_resolve()
        count = len(request.work_session_ids)
        with self.at(50):
            self.ping(request, self.agent)
        self.assertEqual(len(request.work_session_ids), count)

    def test_registration_at_the_desk_then_later_work(self):
        with self.at(0, hour=9):
            request = self._draft_request(partner_id=self.client.id, subject="ტარიფი")
        with self.at(4, hour=9):
            request.with_user(self.agent).action_register()
        registration = request.work_session_ids
        self.assertEqual(
            (registration.source, registration.user_id, registration.duration), ("registration", self.agent, 4.0)
        )
        self.assertEqual(request.handling_minutes, 4.0, "as the registration timer said")
        with self.at(0, hour=11):
            self.ping(request, self.agent)
        with self.at(3, hour=11):
            request.with_user(self.agent).action_resolve()
        self.assertEqual(request.handling_minutes, 7.0, "the registration and the later work")
        # a registration time corrected afterwards (an import, the demo) moves its session
        request.handling_end = datetime(2026, 11, 24, 9, 10)
        self.assertEqual(request.handling_minutes, 13.0)

    def test_interrupted_registration_counts(self):
        with self.at(0, hour=9):
            request = self._draft_request(partner_id=self.client.id)
        with self.at(2, hour=9):
            request.with_user(self.agent).action_interrupt()
        self.assertEqual(request.handling_minutes, 2.0)
        with self.at(30, hour=9):
            request.with_user(self.agent).action_resume()
            request.with_user(self.agent).write({"subject": "განახლებული"})
        with self.at(35, hour=9):
            request.with_user(self.agent).action_register()
        self.assertEqual(len(request.work_session_ids), 1, "one registration")
        self.assertEqual(request.handling_minutes, 35.0)

    def test_sessions_per_agent_are_private_and_leaders_see_their_teams(self):
        request = self._request()
        with self.at(0):
            self.ping(request, self.agent)
        with self.at(5):
            self.ping(request, self.agent2)
        Session = self.env["telmico.request.work.session"]
        self.assertEqual(Session.with_user(self.agent).search([]).user_id, self.agent, "an agent sees their own")
        self.assertEqual(Session.with_user(self.leader).search([]).user_id, self.agent | self.agent2)
        self.assertFalse(Session.with_user(self.outsider).search([]), "another team's leader or agent: none")
        with self.assertRaises(AccessError):
            Session.with_user(self.agent).search([]).write({"date_end": datetime(2026, 11, 24, 12, 0)})
        groups = Session.with_user(self.leader).read_group([], ["duration:sum"], ["user_id"])
        self.assertEqual({group["user_id"][0] for group in groups}, {self.agent.id, self.agent2.id})


@tagged("post_install", "-at_install")
class TestChatHandlingTime(DeskCase):
    def test_a_live_chat_counts_from_its_start(self):
        with freeze_time("2026-11-24 10:00:00"):
            channel = self.env["discuss.channel"].create(
                {
                    "name": "ვებ-საიტის ვიზიტორი",
                    "channel_type": "livechat",
                    "livechat_operator_id": self.agent.partner_id.id,
                    "channel_member_ids": [
                        Command.create({"partner_id": self.agent.partner_id.id}),
                        Command.create({"partner_id": self.client.id}),
                    ],
                }
            )
            channel.message_post(body="მრიცხველი არ მუშაობს", author_id=self.client.id, message_type="comment")
        with freeze_time("2026-11-24 10:12:00"):
            channel.with_user(self.agent).execute_command_request()
        request = channel.telmico_request_ids
        self.assertEqual(request.work_session_ids.mapped("source"), ["chat"])
        self.assertEqual(request.work_session_ids.user_id, self.agent)
        self.assertEqual(request.handling_minutes, 12.0, "the conversation was the handling")
