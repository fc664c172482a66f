import secrets

from odoo.addons.telmico_demo.tools import demo_data
from odoo.tests import TransactionCase
from simulators.billing import BillingSimulator


class TestDemoData(TransactionCase):
    def test_generator_builds_a_consistent_georgian_world(self):
        stats = self.env["telmico.demo"]._generate(size=120)
        self.assertEqual(stats["clients"], 120)
        self.assertEqual(stats["subscribers"], demo_data.subscriber_count(120))
        clients = self.env["res.partner"].search([("ref", "=like", "C0%")])
        self.assertEqual(len(clients), 120)
        self.assertTrue(all(c.city == "თბილისი" for c in clients if c.city))
        self.assertTrue(any("\u10d0" <= ch <= "\u10ff" for ch in clients[0].name), "names in Georgian script")
        mobiles = clients.filtered("mobile")
        self.assertTrue(all(m.startswith("+9955") for m in mobiles.mapped("mobile")))
        shared = self.env["res.partner"]._read_group(
            [("id", "in", clients.ids), ("mobile", "!=", False)], ["mobile"], having=[("__count", ">", 1)]
        )
        self.assertTrue(shared, "families share a phone")
        multi = self.env["telmico.subscriber.link"]._read_group([], ["subscriber_id"], having=[("__count", ">", 1)])
        self.assertTrue(multi, "some subscribers have several clients")
        self.assertTrue(clients.filtered(lambda c: not c.subscriber_link_ids), "some clients have no subscriber")
        self.assertTrue(self.env["telmico.subscriber"].search_count([("debt", ">", 0)]), "some subscribers owe")

    def test_generator_is_deterministic(self):
        first = [c["personal_number"] or c["company_registry"] for c in demo_data.clients(50)]
        self.assertEqual(first, [c["personal_number"] or c["company_registry"] for c in demo_data.clients(50)])
        self.assertNotEqual(
            first, [c["personal_number"] or c["company_registry"] for c in demo_data.clients(50, seed=7)]
        )
        self.assertEqual(demo_data.subscriber(33), demo_data.subscriber(33))

    def test_demo_like_volume(self):
        """Search stays exact among generated clients (realistic data, 300 clients)."""
        self.env["telmico.demo"]._generate(size=300)
        client = self.env["res.partner"].search([("ref", "=", "C000010")])
        self.assertIn(client, self._find_clients(client.mobile_national or client.phone_national))
        first = next(demo_data.clients(1))
        self.assertEqual(self._find_clients(first["personal_number"] or first["company_registry"]).ref, "C000001")

    def test_demo_pulls_with_a_generated_token(self):
        """No literal secret in the demo: it pulls with the token `make run` generated and gave the simulator."""
        token = secrets.token_urlsafe(32)
        backend = self.env.ref("telmico_client_card.billing_backend_main")
        backend.sudo().api_token = token  # as tools/generate_demo.py does with the token of `make run`
        with BillingSimulator(size=20, token=token) as sim:
            pulled = (
                self.env["telmico.demo"]._generator()._generate_subscribers(20, demo_data.DEFAULT_SEED, sim.url, False)
            )
        self.assertEqual(pulled, demo_data.subscriber_count(20))
        self.assertEqual(backend.sudo().api_token, token)
        self.assertNotEqual(backend.sudo().webhook_secret, "sim-secret")
        self.assertGreaterEqual(len(backend.sudo().webhook_secret or ""), 32)

    def _find_clients(self, text):
        return self.env["res.partner"].search([("client_search", "ilike", text)])
