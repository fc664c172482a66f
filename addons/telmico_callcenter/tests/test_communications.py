from datetime import UTC, datetime, timedelta

from odoo.tests import tagged

from .common import GIORGI, CallcenterCase

START = datetime(2026, 11, 2, 9, 0, 0, tzinfo=UTC)


@tagged("post_install", "-at_install", "telmico_callcenter")
class TestCommunications(CallcenterCase):
    """The client card's communications list the client's calls, inbound and outbound, with their outcome."""

    def test_calls_in_communications(self):
        self.sim.play(self.sim.call("k-1", caller=GIORGI, outcome="answered", start=START, ivr_choice="2"))
        self.sim.play(
            self.sim.call(
                "k-2",
                caller="+995322100100",
                called=GIORGI,
                direction="outbound",
                outcome="missed",
                start=START + timedelta(days=1),
                ivr_choice=None,
                queue=None,
            )
        )
        rows = self.env["telmico.communication"].with_user(self.agent).search([("partner_id", "=", self.client.id)])
        self.assertEqual(
            [(row.kind, row.direction, row.channel, row.status) for row in rows],
            [("call", "outgoing", "phone", "missed"), ("call", "incoming", "phone", "answered")],
        )
        self.assertEqual(rows[1].subject, "2")
        self.assertEqual(rows[0].subject, GIORGI)
        action = rows[1].action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("telmico.call", self.call_of("k-1").id))
        self.assertFalse(self.call_of("k-2").callback_id, "an outbound call not answered is no callback task")
