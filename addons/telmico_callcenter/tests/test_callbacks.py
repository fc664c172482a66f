from datetime import UTC, datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GIORGI, STRANGER, CallcenterCase

MORNING = datetime(2026, 11, 30, 6, 0, 0, tzinfo=UTC)  # 10:00 in Tbilisi


@tagged("post_install", "-at_install", "telmico_callcenter")
class TestCallbacks(CallcenterCase):
    """Unanswered calls become one callback per number and day, closed when the number calls again and is answered."""

    def test_one_callback_per_number_and_day(self):
        for index, outcome in enumerate(("missed", "abandoned", "missed")):
            start = MORNING + timedelta(minutes=10 * index)
            self.sim.play(self.sim.call(f"b-{index}", caller=STRANGER, outcome=outcome, start=start))
        callback = self.env["telmico.callback"].search([("number", "=", STRANGER)])
        self.assertEqual(len(callback), 1)
        self.assertEqual((callback.attempt_count, callback.state), (3, "open"))
        self.assertEqual(callback.day.isoformat(), "2026-11-30")
        self.assertEqual(callback.deadline, (MORNING + timedelta(hours=4)).replace(tzinfo=None))
        # the next day is another task
        self.sim.play(self.sim.call("b-next", caller=STRANGER, outcome="missed", start=MORNING + timedelta(days=1)))
        self.assertEqual(len(self.env["telmico.callback"].search([("number", "=", STRANGER)])), 2)

    def test_closed_by_a_later_answered_call(self):
        self.sim.play(self.sim.call("b-10", caller=GIORGI, outcome="missed", start=MORNING))
        callback = self.env["telmico.callback"].search([("number", "=", GIORGI)])
        self.assertEqual((callback.partner_id, callback.state), (self.client, "open"))
        desk = self.env["telmico.desk"].with_user(self.agent2).get_desk_data()
        block = next(block for block in desk["blocks"] if block["key"] == "callbacks")
        self.assertEqual([item["id"] for item in block["items"]], callback.ids)
        self.assertEqual(block["items"][0]["title"], "გიორგი ბერიძე")
        self.assertIn("Attempts: 1", block["items"][0]["subtitle"])
        # an answered call from before the missed one (arriving late) does not close it
        self.sim.play(self.sim.call("b-11", caller=GIORGI, outcome="answered", start=MORNING - timedelta(hours=1)))
        self.assertEqual(callback.state, "open")
        self.sim.play(self.sim.call("b-12", caller="599123456", outcome="answered", start=MORNING + timedelta(hours=1)))
        self.assertEqual((callback.state, callback.closed_by_call_id), ("done", self.call_of("b-12")))
        # the client calls again that day and nobody answers: the task is back
        self.sim.play(self.sim.call("b-13", caller=GIORGI, outcome="missed", start=MORNING + timedelta(hours=2)))
        self.assertEqual((callback.state, callback.attempt_count), ("open", 2))

    def test_agent_takes_and_closes(self):
        self.sim.play(self.sim.call("b-20", caller=STRANGER, outcome="abandoned", start=MORNING))
        callback = self.env["telmico.callback"].search([("number", "=", STRANGER)]).with_user(self.agent)
        callback.action_take()
        self.assertEqual(callback.user_id, self.agent)
        callback.action_done()
        self.assertEqual(callback.state, "done")

    def test_click_to_call(self):
        """Calling back through the platform: a signed originate request with the agent's extension and the number."""
        self.sim.play(self.sim.call("b-30", caller=STRANGER, outcome="missed", start=MORNING))
        callback = self.env["telmico.callback"].search([("number", "=", STRANGER)]).with_user(self.agent)
        with self.assertRaisesRegex(UserError, "click-to-call"):
            callback.action_call()
        with self.sim:
            self.connection.originate_url = f"{self.sim.url}/originate"
            callback.action_call()
            self.assertEqual(
                self.sim.originated,
                [{"extension": "101", "number": STRANGER, "reference": f"callback-{callback.id}"}],
            )
            self.assertEqual(callback.user_id, self.agent)
            self.sim.fail_next(1, 503)
            with self.assertRaisesRegex(UserError, "refused"):
                callback.action_call()
        self.connection.originate_url = "http://127.0.0.1:9/originate"  # nobody listens there
        with (
            self.assertRaisesRegex(UserError, "cannot be reached"),
            mute_logger("odoo.addons.telmico_callcenter.models.telmico_callcenter_connection"),
        ):
            callback.action_call()
