from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PaidServicesCase


@tagged("post_install", "-at_install")
class TestCatalogue(PaidServicesCase):
    def test_vat_18_and_lari(self):
        """The addon defines Georgian VAT 18 % for sales and activates the lari."""
        vat = self.env.company.telmico_vat_tax_id
        self.assertEqual((vat.amount, vat.amount_type, vat.type_tax_use), (18.0, "percent", "sale"))
        self.assertTrue(self.env.ref("base.GEL").active)

    def test_paid_service_is_a_taxed_service_product(self):
        """A paid service of the price list is a service product invoiced on order, with VAT 18 %."""
        self.assertEqual(self.product.type, "service")
        self.assertEqual(self.product.invoice_policy, "order")
        self.assertEqual(self.product.taxes_id, self.env.company.telmico_vat_tax_id)
        self.assertEqual(self.product.categ_id, self.env.ref("telmico_paid_services.product_category_paid_services"))

    def test_vat_amounts_on_order_and_invoice(self):
        """Two meter relocations of 100.00: 200.00 without VAT, 36.00 VAT, 236.00 to pay, on the invoice too."""
        order = self._sell(qty=2)
        self.assertEqual((order.amount_untaxed, order.amount_tax, order.amount_total), (200.0, 36.0, 236.0))
        invoice = self._invoice(order)
        self.assertEqual((invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total), (200.0, 36.0, 236.0))

    def test_paid_service_needs_its_executing_template(self):
        with self.assertRaises(ValidationError):
            self.env["product.template"].create({"name": "ცნობა", "telmico_is_paid_service": True})

    def test_validity_dates(self):
        """A paid service can be sold only within its validity dates."""
        today = fields.Date.context_today(self.product)
        self.product.write(
            {"telmico_date_start": today - timedelta(days=30), "telmico_date_end": today - timedelta(days=1)}
        )
        order = self._sell(confirm=False)
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.product.telmico_date_end = today
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        with self.assertRaises(ValidationError):
            self.product.telmico_date_end = today - timedelta(days=31)
