from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCallcenterDemo(TransactionCase):
    def test_demo_calls(self):
        """The demo shows the call centre: a connection, agents with extensions, calls of demo clients of every
        disposition, callbacks for the unanswered ones, and the agents available."""
        stats = self.env["telmico.demo"]._generate(size=600)
        self.assertEqual(stats["calls"], 24)
        connection = self.env["telmico.callcenter.connection"].search([("name", "=", "CallApp (სიმულატორი)")])
        calls = self.env["telmico.call"].search([("connection_id", "=", connection.id)])
        self.assertEqual(len(calls), 24)
        self.assertEqual(set(calls.mapped("disposition")), {"answered", "missed", "abandoned"})
        self.assertTrue(all(call.partner_match_ids for call in calls), "every call is from a demo client's number")
        answered = calls.filtered(lambda c: c.disposition == "answered")
        self.assertTrue(all(call.user_id.telmico_extension for call in answered))
        unanswered = calls - answered
        self.assertTrue(all(call.callback_id for call in unanswered), "the unanswered calls are to be called back")
        operator = self.env["res.users"].search([("login", "=", "operator")])
        self.assertEqual((operator.telmico_extension, operator.telmico_agent_state), ("101", "available"))
        self.assertTrue(operator.has_group("telmico_callcenter.group_callcenter_user"))
