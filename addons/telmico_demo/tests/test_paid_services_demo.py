from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPaidServicesDemo(TransactionCase):
    def test_demo_paid_services(self):
        """The demo has the Georgian price list with VAT 18 %, and orders at every step: quotations, contracts
        to sign, contracts signed electronically and on paper, unpaid and paid invoices, services in execution
        and acts of completed work."""
        stats = self.env["telmico.demo"]._generate(size=600)
        self.assertEqual(stats["paid_services"], 7)
        products = self.env["product.template"].search([("telmico_is_paid_service", "=", True)])
        self.assertIn("მრიცხველის გადატანა", products.mapped("name"))
        self.assertTrue(all(p.taxes_id.amount == 18.0 for p in products))
        orders = self.env["sale.order"].search([("telmico_is_paid_service", "=", True)])
        self.assertEqual(len(orders), stats["paid_orders"])
        self.assertEqual(orders.currency_id.name, "GEL", "in lari, not in the default price list's dollars")
        self.assertEqual(set(orders.mapped("state")), {"draft", "sale"})
        contracts = orders.telmico_contract_ids
        self.assertEqual(set(contracts.mapped("state")), {"draft", "signed"})
        self.assertEqual(set(contracts.mapped("sign_method")) - {False}, {"paper", "electronic"})
        self.assertTrue(all(c._telmico_integrity() for c in contracts.filtered("signed_sha256")))
        self.assertEqual(
            {o.telmico_payment_state for o in orders.filtered(lambda o: o.state == "sale")},
            {"not_invoiced", "unpaid", "paid"},
        )
        paid = orders.filtered(lambda o: o.telmico_payment_state == "paid")
        self.assertTrue(all(s.state != "draft" for s in paid.telmico_service_ids))
        self.assertTrue(paid.telmico_act_ids, "some paid orders are done, with their acts")
        # a second run adds nothing
        self.assertEqual(self.env["telmico.demo"]._generator()._generate_paid_orders({}, 600, 1), 0)
