from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDeskDemo(TransactionCase):
    def test_demo_requests_on_every_channel(self):
        """The demo shows the front office at work: every channel, open and closed work, an e-mail waiting."""
        stats = self.env["telmico.demo"]._generate(size=600)
        self.assertGreaterEqual(stats["requests"], 30)
        self.assertTrue(self.env.company.logo, "Telmico's logo, not core's 'Your logo'")
        requests = self.env["telmico.request"].search([])
        self.assertEqual(
            set(requests.mapped("channel")),
            {"phone", "email", "chat", "messenger", "portal", "walk_in", "letter", "api"},
        )
        registered = requests.filtered(lambda r: r.state != "draft")
        self.assertTrue(all(r.name.startswith("REQ-") for r in registered))
        self.assertTrue(
            requests.filtered(lambda r: r.state == "draft" and r.interrupted), "interrupted calls are listed"
        )
        self.assertTrue(registered.filtered(lambda r: r.channel == "email" and r.state == "new" and not r.user_id))
        self.assertTrue(registered.filtered(lambda r: r.state in ("resolved", "closed")))
        self.assertTrue(registered.filtered(lambda r: r.state in ("in_progress", "pending")))
        operator = self.env["res.users"].search([("login", "=", "operator")])
        self.assertEqual(
            operator.action_id.id, self.env.ref("telmico_desk.telmico_desk_action").id, "agents land on the Desk"
        )
        self.assertTrue(operator.has_group("telmico_desk.group_desk_user"))
        portal = self.env["res.users"].search([("login", "=", "portal")])
        self.assertTrue(
            self.env["telmico.request"].with_user(portal).search_count([]), "the portal customer has requests"
        )
        self.assertTrue(self.env["telmico.desk.routing.rule"].search_count([]), "routing rules are configured")
        self.assertTrue(registered.filtered("sla_id"), "registered requests follow SLA policies")
        # requests are made once: a second pass adds nothing
        teams = self.env["telmico.desk.team"].search([])
        self.assertEqual(self.env["telmico.demo"]._generator()._generate_requests({"support": teams[:1]}, 600, 1), 0)
