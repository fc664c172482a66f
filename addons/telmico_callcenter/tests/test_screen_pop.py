from datetime import datetime, timedelta

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import GIORGI, SHARED, STRANGER, CallcenterCase


@tagged("post_install", "-at_install", "telmico_callcenter")
class TestScreenPop(CallcenterCase):
    """A call ringing for an agent reaches that agent's Desk, and theirs only; a request registered from it is linked."""

    def test_pop_for_the_agent_only(self):
        since = self.last_bus_id()
        self.sim.post_event(self.sim.call("p-1", caller=GIORGI, extension="101", ivr_choice="3")[0])
        pops = self.bus_messages(since, "telmico_callcenter/ringing")
        self.assertEqual([partner for partner, _payload in pops], [self.agent.partner_id])
        payload = pops[0][1]
        self.assertEqual((payload["ivr_choice"], payload["unknown"]), ("3", False))
        (client,) = payload["clients"]
        self.assertEqual((client["id"], client["debt"]), (self.client.id, 45.2))
        self.assertNotIn(
            self.agent2.partner_id, [partner for partner, _payload in self.bus_messages(since, "telmico_desk/refresh")]
        )
        # the agent's Desk shows the call in its block
        desk = self.env["telmico.desk"].with_user(self.agent).get_desk_data()
        block = next(block for block in desk["blocks"] if block["key"] == "calls")
        self.assertEqual(block["items"][0]["title"], "გიორგი ბერიძე")
        self.assertIn("IVR: 3", block["items"][0]["subtitle"])
        self.assertEqual(block["items"][0]["badge"], "Ringing")
        desk2 = self.env["telmico.desk"].with_user(self.agent2).get_desk_data()
        self.assertFalse(next(block for block in desk2["blocks"] if block["key"] == "calls")["items"])

    def test_no_pop_without_agent_and_several_or_unknown_callers(self):
        since = self.last_bus_id()
        self.sim.post_event(self.sim.call("p-2", caller=GIORGI, extension="999")[0])
        self.assertFalse(self.bus_messages(since, "telmico_callcenter/ringing"), "unknown extension: nobody to pop")
        self.sim.post_event(self.sim.call("p-3", caller=SHARED, extension="102")[0])
        ((partner, payload),) = self.bus_messages(since, "telmico_callcenter/ringing")
        self.assertEqual(partner, self.agent2.partner_id)
        self.assertEqual({client["id"] for client in payload["clients"]}, {self.twin1.id, self.twin2.id})
        self.sim.post_event(self.sim.call("p-4", caller=STRANGER, extension="101")[0])
        payload = self.bus_messages(since, "telmico_callcenter/ringing")[-1][1]
        self.assertEqual((payload["clients"], payload["unknown"]), ([], True))
        # an unknown number: a new client card prefilled with it
        action = self.call_of("p-4").with_user(self.agent).action_open_client()
        self.assertEqual((action["res_model"], action["context"]["default_mobile"]), ("res.partner", STRANGER))
        action = self.call_of("p-3").with_user(self.agent2).action_open_client()
        self.assertEqual(set(action["domain"][0][2]), {self.twin1.id, self.twin2.id})

    def test_request_from_call(self):
        self.sim.play(self.sim.call("p-5", caller=GIORGI, extension="101"))
        call = self.call_of("p-5").with_user(self.agent)
        action = call.action_create_request()
        context = action["context"]
        self.assertEqual((context["default_channel"], context["default_partner_id"]), ("phone", self.client.id))
        self.assertEqual(context["default_subscriber_ids"], self.subscriber.ids)
        Request = self.env["telmico.request"].with_user(self.agent).with_context(**context)
        request = Request.create({"subject": "გადახდის კითხვა"})
        self.assertEqual(request.channel, "phone")
        self.assertEqual(call.request_id, request, "the call is linked to the request it produced")
        self.assertEqual(request.call_count, 1)
        desk = self.env["telmico.desk"].with_user(self.agent).get_desk_data()
        self.assertFalse(next(b for b in desk["blocks"] if b["key"] == "calls")["items"], "handled: off the Desk")

    def test_extension_of_a_user_who_is_no_agent(self):
        """An extension given to a user outside the call centre: the call is recorded, nobody gets a pop."""
        clerk = new_test_user(self.env, login="cc_clerk", groups="base.group_user", telmico_extension="300")
        since = self.last_bus_id()
        with mute_logger("odoo.addons.telmico_callcenter.models.telmico_call"):
            status, answer = self.sim.post_event(self.sim.call("p-6", caller=GIORGI, extension="300")[0])
        self.assertEqual((status, answer["status"]), (200, "accepted"))
        self.assertEqual(self.call_of("p-6").user_id, clerk)
        self.assertFalse(self.bus_messages(since, "telmico_callcenter/ringing"))

    def test_talk_time_feeds_handling_time(self):
        """The call's talk time is a work session of its agent; overlapping the registration, counted once."""
        start = datetime(2026, 11, 30, 8, 0, 0)
        self.sim.play(self.sim.call("p-7", caller=GIORGI, extension="101", start=start, wait=10, talk=240))
        call = self.call_of("p-7")
        self.assertEqual(
            (call.date_answered, call.date_ended), (start + timedelta(seconds=10), start + timedelta(seconds=250))
        )
        # registered during the call, from 08:01:00 to 08:03:00, and linked to the call
        context = call.with_user(self.agent).action_create_request()["context"]
        request = (
            self.env["telmico.request"]
            .with_user(self.agent)
            .with_context(**context)
            .create(
                {
                    "subject": "მრიცხველის ჩვენება",
                    "state": "new",
                    "handling_start": start + timedelta(minutes=1),
                    "handling_end": start + timedelta(minutes=3),
                }
            )
        )
        self.assertEqual(call.request_id, request)
        sessions = request.sudo().work_session_ids
        self.assertEqual(sorted(sessions.mapped("source")), ["call", "registration"])
        self.assertEqual(sessions.filtered(lambda s: s.source == "call").duration, 4.0)
        self.assertEqual(request.handling_minutes, 4.0, "08:00:10-08:04:10 once, not 4 + 2 minutes")
        # a replayed event changes nothing; a second agent's time adds up
        self.sim.play(self.sim.call("p-7", caller=GIORGI, extension="101", start=start, wait=10, talk=240))
        self.assertEqual(len(request.sudo().work_session_ids), 2)
        self.env["telmico.request.work.session"].create(
            {
                "request_id": request.id,
                "user_id": self.agent2.id,
                "date_start": start + timedelta(minutes=2),
                "date_end": start + timedelta(minutes=3),
                "source": "open",
            }
        )
        self.assertEqual(request.handling_minutes, 5.0)
        # an unanswered call linked to a request is no work
        self.sim.play(self.sim.call("p-8", caller=GIORGI, extension="101", outcome="missed", start=start))
        self.call_of("p-8").sudo().request_id = request
        self.assertEqual(len(request.sudo().work_session_ids), 3)
