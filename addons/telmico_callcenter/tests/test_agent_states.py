from datetime import UTC, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import GIORGI, SHARED, STRANGER, CallcenterCase


@tagged("post_install", "-at_install", "telmico_callcenter")
class TestAgentStates(CallcenterCase):
    """Agents' states follow their calls and the Desk; the wallboard adds up today's calls."""

    def test_states_follow_the_call(self):
        self.agent.with_user(self.agent).action_telmico_available()
        self.assertEqual(self.agent.telmico_agent_state, "available")
        ringing, answered, held, ended = self.sim.call("a-1", caller=GIORGI, extension="101", outcome="answered")
        self.sim.play([ringing])
        self.assertEqual(self.agent.telmico_agent_state, "available", "ringing is not yet a call")
        self.sim.play([answered, held])
        self.assertEqual(self.agent.telmico_agent_state, "on_call")
        self.sim.play([ended])
        self.assertEqual(self.agent.telmico_agent_state, "after_call")
        # the agent is ready again from their Desk, and may take a break
        desk = self.env["telmico.desk"].with_user(self.agent).get_desk_data()
        block = next(block for block in desk["blocks"] if block["key"] == "agent_state")
        self.assertEqual((block["items"][0]["title"], block["items"][0]["badge"]), ("Extension 101", "After-call work"))
        self.assertEqual(
            [b["method"] for b in block["items"][0]["buttons"]], ["action_telmico_available", "action_telmico_break"]
        )
        self.env["telmico.desk"].with_user(self.agent).desk_call("res.users", self.agent.id, "action_telmico_break")
        self.assertEqual(self.agent.telmico_agent_state, "break")
        with self.assertRaises(UserError):
            # a colleague's state is not theirs to set
            self.env["telmico.desk"].with_user(self.agent).desk_call(
                "res.users", self.agent2.id, "action_telmico_break"
            )
        self.assertEqual(self.agent2.telmico_agent_state, "offline")

    def test_transfer_hands_the_call_over(self):
        events = self.sim.call("a-2", caller=GIORGI, extension="101", outcome="transferred", transfer_to="102")
        self.sim.play(events[:3])
        self.assertEqual((self.agent.telmico_agent_state, self.agent2.telmico_agent_state), ("after_call", "on_call"))

    def test_day_start(self):
        """The wallboard's day is Tbilisi's (UTC+4): it begins at 20:00 UTC the day before."""
        Wallboard = self.env["telmico.callcenter.wallboard"]
        with freeze_time("2026-11-30 20:26:00"):
            self.assertEqual(Wallboard._day_start(), datetime(2026, 11, 30, 20, 0))
        with freeze_time("2026-11-30 19:59:59"):
            self.assertEqual(Wallboard._day_start(), datetime(2026, 11, 29, 20, 0))

    def test_wallboard(self):
        # the wallboard adds up every call of the day: start from none (a database may hold earlier ones)
        self.env["telmico.call"].search([]).unlink()
        self.env["telmico.callback"].search([]).unlink()
        now = datetime.now(UTC).replace(microsecond=0)
        calls = [
            self.sim.call(
                "w-1",
                caller=GIORGI,
                extension="101",
                outcome="answered",
                wait=10,
                talk=100,
                queue="billing",
                start=now - timedelta(minutes=30),
            ),
            self.sim.call(
                "w-2",
                caller=SHARED,
                extension="102",
                outcome="answered",
                wait=40,
                talk=200,
                queue="billing",
                start=now - timedelta(minutes=20),
            ),
            self.sim.call("w-3", caller=STRANGER, outcome="missed", queue="outages", start=now - timedelta(minutes=10)),
            self.sim.call(
                "w-4", caller=STRANGER, outcome="abandoned", queue="outages", start=now - timedelta(minutes=5)
            ),
        ]
        for events in calls:
            self.sim.play(events)
        self.sim.play(self.sim.call("w-5", caller=GIORGI, queue="outages", start=now - timedelta(seconds=30))[:1])
        with self.assertRaises(AccessError):
            self.env["telmico.callcenter.wallboard"].with_user(self.agent).get_wallboard_data()
        # the Tbilisi day may have begun less than half an hour ago (a run just after midnight): these calls are today's
        Wallboard = self.env["telmico.callcenter.wallboard"]
        day_start = min(Wallboard._day_start(), (now - timedelta(hours=1)).replace(tzinfo=None))
        with patch.object(type(Wallboard), "_day_start", lambda self: day_start):
            data = Wallboard.with_user(self.manager).get_wallboard_data()
        self.assertEqual((data["answered"], data["missed"], data["abandoned"]), (2, 1, 1))
        self.assertEqual(data["service_level"], 25.0, "one of four calls answered within 20 s")
        self.assertEqual((data["average_wait"], data["average_talk"]), (25, 150))
        self.assertEqual(data["waiting"], 1)
        self.assertGreaterEqual(data["longest_wait"], 30)
        queues = {figures["queue"]: figures for figures in data["queues"]}
        self.assertEqual(queues["billing"], {"queue": "billing", "waiting": 0, "answered": 2, "lost": 0})
        self.assertEqual(queues["outages"], {"queue": "outages", "waiting": 1, "answered": 0, "lost": 2})
        agents = {agent["id"]: agent for agent in data["agents"]}
        self.assertEqual(agents[self.agent.id]["answered"], 1)
        self.assertEqual(agents[self.agent.id]["state"], "after_call")
        self.assertEqual(data["open_callbacks"], 1)
        # the states read in the supervisor's language
        self.env["res.lang"]._activate_lang("ka_GE")
        self.env["ir.module.module"]._load_module_terms(["telmico_callcenter"], ["ka_GE"], overwrite=True)
        Wallboard = self.env["telmico.callcenter.wallboard"].with_user(self.manager).with_context(lang="ka_GE")
        agents = {agent["id"]: agent for agent in Wallboard.get_wallboard_data()["agents"]}
        self.assertEqual(agents[self.agent.id]["state_label"], "ზარის შემდგომი სამუშაო")
