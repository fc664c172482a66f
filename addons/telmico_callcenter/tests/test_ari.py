from datetime import UTC, datetime, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger
from simulators.asterisk_ari import AsteriskAriSimulator

from .common import GIORGI, STRANGER, CallcenterCase

MORNING = datetime(2026, 11, 30, 6, 0, 0, tzinfo=UTC)
ARI_PASSWORD = "ari-test-password"
CONNECTION_LOG = "odoo.addons.telmico_callcenter.models.telmico_callcenter_connection"


@tagged("post_install", "-at_install", "telmico_callcenter")
class TestAri(CallcenterCase):
    """The Asterisk ARI adapter against the ARI simulator: events over a real WebSocket, originate over REST."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ari = AsteriskAriSimulator(user="odoo", password=ARI_PASSWORD, app="telmico").start()
        cls.addClassCleanup(cls.ari.stop)
        cls.pbx = cls.env["telmico.callcenter.connection"].create(
            {
                "name": "Asterisk",
                "platform": "ari",
                "ari_url": cls.ari.url,
                "ari_user": "odoo",
                "ari_password": ARI_PASSWORD,
                "ari_app": "telmico",
                "ari_context": "from-internal",
            }
        )

    def setUp(self):
        super().setUp()
        self.ari.clear_faults()
        self.ari.duplicates = False
        self.ari.pending.clear()

    def listen(self, seconds=1.0):
        return self.pbx._ari_listen(seconds=seconds, commit=False)

    def ari_call(self, channel_id):
        return self.env["telmico.call"].search([("connection_id", "=", self.pbx.id), ("name", "=", channel_id)])

    def test_inbound_answered_call(self):
        """An answered call played by Asterisk (every event sent twice) is one answered call with its times."""
        self.ari.duplicates = True
        self.ari.play(self.ari.inbound_call("1764482400.1", caller="599 12 34 56", extension="101", start=MORNING))
        self.assertEqual(self.listen(), 10)  # 5 ARI events that mean something (not the unhold), twice
        call = self.ari_call("1764482400.1")
        self.assertEqual(len(call), 1)
        self.assertRecordValues(
            call,
            [
                {
                    "direction": "incoming",
                    "number": GIORGI,
                    "partner_id": self.client.id,
                    "user_id": self.agent.id,
                    "queue": "billing",
                    "ivr_choice": "2",
                    "disposition": "answered",
                    "state": "done",
                    "wait_seconds": 12,
                    "talk_seconds": 95,
                    "held": True,
                }
            ],
        )
        self.assertEqual(sorted(call.event_ids.mapped("event")), ["answered", "ended", "held", "ringing"])
        self.assertEqual(self.agent.telmico_agent_state, "after_call")
        self.assertEqual((self.pbx.ari_state, self.pbx.ari_error), ("ok", False))
        self.assertEqual(self.pbx.ari_last_event_date, (MORNING + timedelta(seconds=107)).replace(tzinfo=None))

    def test_missed_abandoned_out_of_order(self):
        """Unanswered calls, their events reversed: missed (cause 19) and abandoned, each a callback attempt."""
        events = self.ari.inbound_call("1764482400.2", caller=STRANGER, outcome="missed", start=MORNING)
        events += self.ari.inbound_call(
            "1764482400.3", caller=STRANGER, outcome="abandoned", start=MORNING + timedelta(minutes=5)
        )
        self.ari.play(list(reversed(events)))
        self.listen()
        missed, abandoned = self.ari_call("1764482400.2"), self.ari_call("1764482400.3")
        self.assertEqual((missed.disposition, missed.wait_seconds), ("missed", 12))
        self.assertEqual((abandoned.disposition, abandoned.direction), ("abandoned", "incoming"))
        callback = self.env["telmico.callback"].search([("number", "=", STRANGER)])
        self.assertEqual((callback.attempt_count, callback.state), (2, "open"))

    def test_dropped_connection_reconnects(self):
        """Asterisk drops the WebSocket in the middle of a call: the listener reconnects and gets the rest."""
        self.ari.drop_after(2)
        connections = self.ari.connections
        self.ari.play(self.ari.inbound_call("1764482400.4", caller=GIORGI, start=MORNING))
        with mute_logger(CONNECTION_LOG):
            self.listen(2.0)
        self.assertEqual(self.ari.connections - connections, 2)
        call = self.ari_call("1764482400.4")
        self.assertEqual((call.disposition, call.talk_seconds), ("answered", 95))

    def test_click_to_call_through_ari(self):
        """Calling back through ARI: originate rings the agent's endpoint, then the number; the call is logged at
        once as outbound, and the events of the channel close the callback when the client answers."""
        earlier = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
        self.sim.play(self.sim.call("b-ari", caller=STRANGER, outcome="missed", start=earlier))
        callback = self.env["telmico.callback"].search([("number", "=", STRANGER)]).with_user(self.agent)
        callback.action_call()
        (params,) = self.ari.originated
        self.assertEqual(
            {key: params[key] for key in ("endpoint", "extension", "context", "callerId")},
            {"endpoint": "PJSIP/101", "extension": STRANGER, "context": "from-internal", "callerId": STRANGER},
        )
        channel_id = params["channelId"]
        self.assertIn(f"channel:{channel_id}", self.ari.subscriptions)
        call = self.ari_call(channel_id)
        self.assertRecordValues(
            call, [{"direction": "outgoing", "number": STRANGER, "user_id": self.agent.id, "state": "ringing"}]
        )
        self.assertEqual(callback.state, "open")
        self.ari.play(self.ari.outbound_call(channel_id, outcome="answered", start=datetime.now(UTC)))
        self.listen()
        self.assertRecordValues(call, [{"disposition": "answered", "state": "done", "talk_seconds": 60}])
        self.assertEqual((callback.state, callback.closed_by_call_id), ("done", call))

    def test_outbound_not_answered(self):
        channel_id = self.pbx._originate(self.agent, GIORGI, "test")
        self.ari.play(self.ari.outbound_call(channel_id, outcome="missed", start=datetime.now(UTC)))
        self.listen()
        call = self.ari_call(channel_id)
        self.assertRecordValues(
            call, [{"direction": "outgoing", "disposition": "missed", "partner_id": self.client.id}]
        )
        self.assertFalse(self.env["telmico.callback"].search([("number", "=", GIORGI)]), "no callback for outbound")

    def test_authentication_refused(self):
        """A wrong password: the listener says so on the connection; a check or a call is a clear error."""
        self.pbx.ari_password = "wrong"
        self.assertEqual(self.listen(), 0)
        self.assertEqual(self.pbx.ari_state, "auth_failed")
        self.assertIn("refused the ARI user and password (401)", self.pbx.ari_error)
        with self.assertRaisesRegex(UserError, "refused the ARI user and password"):
            self.pbx.action_ari_check()
        with self.assertRaisesRegex(UserError, "refused the ARI user and password"):
            self.pbx._originate(self.agent, GIORGI, "test")
        self.assertFalse(self.ari.originated)
        self.pbx.ari_password = ARI_PASSWORD
        self.assertEqual(self.pbx.action_ari_check()["params"]["type"], "success")
        self.listen(0.3)
        self.assertEqual((self.pbx.ari_state, self.pbx.ari_error), ("ok", False))

    def test_unreachable_and_configuration(self):
        pbx = self.pbx.copy({"name": "Down", "ari_url": "http://127.0.0.1:9"})
        with mute_logger(CONNECTION_LOG):
            pbx._ari_listen(seconds=1, commit=False)
            self.assertEqual(pbx.ari_state, "error")
            with self.assertRaisesRegex(UserError, "cannot be reached"):
                pbx.action_ari_check()
        with self.assertRaisesRegex(ValidationError, "must contain {extension}"):
            pbx.ari_endpoint = "PJSIP/101"
        with self.assertRaisesRegex(ValidationError, "http"):
            pbx.ari_url = "pbx.telmico.lan"

    def test_reconciliation_after_a_gap(self):
        """Events lost while nobody listened (the gap between two listeners): at reconnection, a call whose channel
        is gone is ended, and a call that entered the application during the gap is recorded (answered if Up)."""
        start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
        first = self.ari.inbound_call("1764482400.7", caller="599 12 34 56", extension="101", start=start)
        self.ari.play(first[:2])  # ringing and answered heard
        self.listen()
        call = self.ari_call("1764482400.7")
        self.assertTrue(call.date_answered)
        self.assertFalse(call.date_ended)
        # the gap: the rest of this call, and a new call answered by 102, are lost
        self.ari.lose(first[2:])
        second = self.ari.inbound_call("1764482400.8", caller=STRANGER, extension="102", start=start, ivr_choice="4")
        self.ari.lose(second[:2])
        with mute_logger(CONNECTION_LOG):
            self.listen()
        call.invalidate_recordset()
        self.assertTrue(call.date_ended, "its channel is gone: ended at the reconciliation")
        self.assertEqual(call.disposition, "answered")
        new = self.ari_call("1764482400.8")
        self.assertEqual(len(new), 1)
        self.assertEqual(
            (new.user_id, new.ivr_choice, new.queue, bool(new.date_answered)), (self.agent2, "4", "billing", True)
        )
        self.assertFalse(new.date_ended, "still live")
        self.assertEqual(new.event_ids.mapped("reconciled"), [True, True])
        # a second reconnection changes nothing; the events heard after all replace the inferred ones
        with mute_logger(CONNECTION_LOG):
            self.assertEqual(self.listen(), 0)
        self.ari.play(second)  # the events arrive late after all (a race with the reconciliation)
        self.listen()
        new.invalidate_recordset()
        self.assertEqual(new.wait_seconds, 12, "the real answer time replaced the inferred one")
        self.assertEqual((new.talk_seconds, new.disposition), (95, "answered"))

    def test_inferred_end_replaced_by_a_late_missed(self):
        """The reconciliation ends a call whose channel is gone; its real end, a *missed*, arriving later wins."""
        start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=2)
        events = self.ari.inbound_call("1764482400.9", caller=STRANGER, outcome="missed", start=start)
        self.ari.play(events[:1])
        self.listen()
        self.ari.lose(events[1:])
        with mute_logger(CONNECTION_LOG):
            self.listen()
        call = self.ari_call("1764482400.9")
        self.assertEqual(call.event_ids.filtered("reconciled").mapped("event"), ["ended"])
        self.ari.play(events)
        self.listen()
        call.invalidate_recordset()
        self.assertFalse(call.event_ids.filtered("reconciled"))
        self.assertEqual((call.disposition, call.wait_seconds), ("missed", 12))
