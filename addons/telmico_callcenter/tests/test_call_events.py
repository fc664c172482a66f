import json
import time
from datetime import UTC, datetime, timedelta

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GIORGI, SECRET, SHARED, STRANGER, CallcenterCase

START = datetime(2026, 11, 30, 8, 0, 0, tzinfo=UTC)


@tagged("post_install", "-at_install", "telmico_callcenter")
class TestCallEvents(CallcenterCase):
    """Call events through the signed endpoint: every path gives one correct call, whatever comes in."""

    def test_answered_call(self):
        events = self.sim.call("c-1", caller="599 12 34 56", outcome="answered", start=START, wait=12, talk=95)
        answers = self.sim.play(events)
        self.assertEqual([status for status, _answer in answers], [200] * 4)
        self.assertEqual({answer["status"] for _status, answer in answers}, {"accepted"})
        call = self.call_of("c-1")
        self.assertEqual(len(call), 1)
        self.assertEqual((call.direction, call.number, call.partner_id), ("incoming", GIORGI, self.client))
        self.assertEqual((call.user_id, call.queue, call.ivr_choice), (self.agent, "billing", "2"))
        self.assertEqual((call.disposition, call.state), ("answered", "done"))
        self.assertEqual((call.wait_seconds, call.talk_seconds), (12, 95))
        self.assertEqual(call.date_ringing, START.replace(tzinfo=None))
        self.assertEqual(call.recording_url, "https://recordings.example.ge/c-1.mp3")
        self.assertTrue(call.held)
        self.assertEqual(len(call.event_ids), 4)

    def test_out_of_order_and_duplicates(self):
        """ "ended" before "answered", every event twice: one answered call, every event counted once."""
        events = self.sim.call("c-2", caller=GIORGI, outcome="answered", start=START, wait=5, talk=60)
        answers = self.sim.play(events, duplicates=True, out_of_order=True, seed=3)
        self.assertEqual(answers[0][1]["status"], "accepted")
        self.assertEqual(events[-1]["event"], "ended")
        self.assertEqual(self.sim.sent[0][0]["event"], "ended", "the end arrived first")
        statuses = [answer["status"] for _status, answer in answers]
        self.assertEqual((statuses.count("accepted"), statuses.count("duplicate")), (4, 4))
        call = self.call_of("c-2")
        self.assertEqual(len(call), 1)
        self.assertEqual((call.disposition, call.wait_seconds, call.talk_seconds), ("answered", 5, 60))
        self.assertEqual(len(call.event_ids), 4)
        self.assertFalse(call.callback_id, "the end alone looked abandoned; the answer came after: no callback")
        self.assertFalse(self.env["telmico.callback"].search([("number", "=", GIORGI)]))

    def test_missed_and_abandoned(self):
        self.sim.play(self.sim.call("c-3", caller=STRANGER, outcome="missed", start=START, wait=30))
        self.sim.play(self.sim.call("c-4", caller=STRANGER, outcome="abandoned", start=START + timedelta(minutes=5)))
        missed, abandoned = self.call_of("c-3"), self.call_of("c-4")
        self.assertEqual((missed.disposition, missed.wait_seconds, missed.talk_seconds), ("missed", 30, 0))
        self.assertEqual(abandoned.disposition, "abandoned")
        self.assertFalse(missed.partner_id | missed.partner_match_ids, "nobody has this number")
        self.assertIn("unknown_number", missed.event_ids.mapped("warning"))

    def test_transfer_moves_the_call_to_the_other_agent(self):
        self.sim.play(self.sim.call("c-5", caller=GIORGI, outcome="transferred", extension="101", transfer_to="102"))
        call = self.call_of("c-5")
        self.assertEqual((call.user_id, call.agent_extension, call.transferred), (self.agent2, "102", True))

    def test_several_clients_none_picked(self):
        self.sim.play(self.sim.call("c-6", caller="577 000 111", outcome="answered"))
        call = self.call_of("c-6")
        self.assertFalse(call.partner_id)
        self.assertEqual(call.partner_match_ids, self.twin1 | self.twin2)

    def test_withheld_number_and_unknown_extension(self):
        status, answer = self.sim.post_event(
            {
                "call_id": "c-7",
                "event": "ringing",
                "timestamp": int(time.time()),
                "caller": "anonymous",
                "extension": "999",
            }
        )
        self.assertEqual(status, 200)
        self.assertEqual(set(answer["warnings"]), {"unknown_extension", "withheld_number"})
        call = self.call_of("c-7")
        self.assertEqual(
            (call.withheld, call.number, call.user_id.id, call.agent_extension), (True, False, False, "999")
        )
        self.sim.post_event({"call_id": "c-7", "event": "ended", "timestamp": int(time.time()) + 5})
        self.assertEqual(call.disposition, "abandoned")
        self.assertFalse(call.callback_id, "a withheld number cannot be called back")

    @mute_logger("odoo.addons.telmico_callcenter.controllers.callcenter")
    def test_signature_refused(self):
        event = self.sim.call("c-8", caller=GIORGI)[0]
        cases = {
            "signature_mismatch": {"secret": SECRET + "x"},
            "stale_timestamp": {"timestamp": int(time.time()) - 3600},
            "missing_signature": {"headers": {"X-Telmico-Signature": None}},
            "malformed_signature": {"headers": {"X-Telmico-Signature": "md5=abc"}},
            "malformed_timestamp": {"headers": {"X-Telmico-Timestamp": "yesterday"}},
        }
        for reason, options in cases.items():
            with self.subTest(reason=reason):
                status, answer = self.sim.post_event(event, **options)
                self.assertEqual((status, answer), (401, {"error": "invalid_signature", "reason": reason}))
        self.assertFalse(self.call_of("c-8"), "nothing recorded from a request that is not authentic")

    def test_replay_within_window_counts_once(self):
        event = self.sim.call("c-9", caller=GIORGI)[0]
        timestamp = int(time.time())
        body = json.dumps(event).encode()
        first = self.sim.post_event(event, timestamp=timestamp, body=body)
        replayed = self.sim.post_event(event, timestamp=timestamp, body=body)
        self.assertEqual((first[1]["status"], replayed[1]["status"]), ("accepted", "duplicate"))
        self.assertEqual(len(self.call_of("c-9").event_ids), 1)

    def test_bad_input(self):
        ringing = self.sim.call("c-10", caller=GIORGI)[0]
        self.assertEqual(self.sim.post_event(None, body=b"{not json")[:1], (400,))
        self.assertEqual(self.sim.post_event(None, body=b"{not json")[1], {"error": "malformed_json"})
        status, answer = self.sim.post_event({"event": "ringing"})
        self.assertEqual((status, answer["error"]), (400, "missing_fields"))
        self.assertEqual(set(answer["fields"]), {"call_id", "timestamp"})
        status, answer = self.sim.post_event({**ringing, "event": "exploded", "timestamp": "2026-11-30T08:00:00"})
        self.assertEqual((status, answer["error"]), (400, "invalid_fields"))
        self.assertEqual(answer["fields"], {"event": "unknown_event", "timestamp": "invalid_timestamp"})
        status, answer = self.sim.post_event({**ringing, "recording_url": "javascript:alert(1)", "caller": ["x"]})
        self.assertEqual(answer["fields"], {"recording_url": "not_an_http_url", "caller": "not_a_string"})
        status, answer = self.sim.post_event(ringing, headers={"Content-Type": "text/plain"})
        self.assertEqual((status, answer["error"]), (415, "unsupported_media_type"))
        self.assertFalse(self.call_of("c-10"))
        unknown = self.sim.__class__(
            self.env, odoo_url=self.base_url(), connection_id=self.connection.id + 1000, secret=SECRET
        )
        self.assertEqual(unknown.post_event(ringing), (404, {"error": "unknown_connection"}))
        self.connection.active = False
        self.assertEqual(self.sim.post_event(ringing)[0], 404)

    def test_invalid_number_recorded(self):
        status, answer = self.sim.post_event({**self.sim.call("c-11", caller="12")[0]})
        self.assertEqual(status, 200)
        self.assertIn("invalid_number", answer["warnings"])
        call = self.call_of("c-11")
        self.assertEqual((call.caller_number, call.number), ("12", False))

    def test_replay_many_calls_with_faults(self):
        """The simulator's busy-hour replay in small: duplicates, disorder and bad signatures lose or double nothing."""
        events = []
        for index in range(6):
            outcome = ("answered", "missed", "abandoned")[index % 3]
            events += self.sim.call(f"m-{index}", caller=(GIORGI, SHARED, STRANGER)[index % 3], outcome=outcome)
        with mute_logger("odoo.addons.telmico_callcenter.controllers.callcenter"):
            self.sim.play(events, duplicates=True, out_of_order=True, bad_signature=0.3, seed=7)
        calls = self.env["telmico.call"].search([("name", "=like", "m-%")])
        self.assertEqual(len(calls), 6)
        self.assertEqual(sorted(calls.mapped("disposition")), ["abandoned"] * 2 + ["answered"] * 2 + ["missed"] * 2)
        self.assertEqual(len(calls.event_ids), len(events))

    def test_direction_from_any_event(self):
        """A platform that says "outbound" on the answer only: the call is outbound, the client the called one."""
        ringing, answered, _held, ended = self.sim.call(
            "c-12", caller="+995322100100", called=GIORGI, direction="outbound", start=START
        )
        del ringing["direction"], ended["direction"]
        self.sim.play([ringing, answered, ended])
        call = self.call_of("c-12")
        self.assertEqual((call.direction, call.number, call.partner_id), ("outgoing", GIORGI, self.client))
