from urllib.parse import urlsplit

from odoo.addons.telmico_l10n_ka.tests.common import (
    GeorgianCase,
    action_views,
    page_terms_left,
    screen_terms_left,
    web_terms_left,
)
from odoo.tests import HttpCase, tagged

from .common import PaidServicesCase

# core modules whose terms the paid services' screens show: the orders (sale), the invoices, credit notes and
# payments (account and the payment modules on the portal), the catalogue (product)
MODULES = ["sale", "sales_team", "product", "account", "account_payment", "payment", "analytic", "uom"]
# the screens of paid services, of their invoices and of their catalogue: (model, window action)
ACTIONS = [
    ("sale.order", "telmico_paid_services.sale_order_action_paid"),
    ("account.move", "account.action_move_out_invoice_type"),
    ("account.move", "account.action_move_out_refund_type"),
    ("account.move", "telmico_paid_services.account_move_action_paid_unpaid"),
    ("product.template", "telmico_paid_services.product_template_action_paid"),
]
# the dialogs on the way: register a payment, reverse an invoice into a credit note
WIZARDS = [
    ("account.payment.register", "account.view_account_payment_register_form"),
    ("account.move.reversal", "account.view_account_move_reversal"),
]
# web client terms of those modules that never show on those screens
NOT_OURS = ("/tours/",)


class GeorgianPaidServicesCase(GeorgianCase, PaidServicesCase):
    """Georgian loaded over the addon's test data."""


@tagged("post_install", "-at_install")
class TestPaidServicesInGeorgian(GeorgianPaidServicesCase):
    """With telmico_l10n_ka, the core terms on the paid services' screens read Georgian."""

    def test_screens(self):
        left = {}
        for model, xmlid in ACTIONS:
            if terms := screen_terms_left(self.env_en, self.env_ka, model, action_views(self.env, xmlid), MODULES):
                left[xmlid] = terms
        for model, xmlid in WIZARDS:
            views = [(self.env.ref(xmlid).id, "form")]
            if terms := screen_terms_left(self.env_en, self.env_ka, model, views, MODULES):
                left[xmlid] = terms
        self.assertFalse(left, f"core terms left in English: {left}")

    def test_python_terms(self):
        """Names core composes in Python: an order's kind, a draft invoice's and a credit note's name."""
        order = self._sell(confirm=False)
        order.invalidate_recordset()
        self.assertEqual(order.with_env(self.env_ka).type_name, "შეთავაზება")
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invalidate_recordset()
        self.assertTrue(invoice.with_env(self.env_ka).display_name.startswith("ინვოისის მონახაზი"))
        invoice.action_post()
        refund = self.env["account.move.reversal"].with_context(active_model="account.move", active_ids=invoice.ids)
        refund = refund.create({"journal_id": invoice.journal_id.id}).refund_moves()
        credit_note = self.env["account.move"].browse(refund["res_id"])
        credit_note.invalidate_recordset()
        self.assertTrue(credit_note.with_env(self.env_ka).display_name.startswith("საკრედიტო შენიშვნის მონახაზი"))

    def test_web_client_terms(self):
        left = {module: terms for module in MODULES if (terms := web_terms_left(self.env, module, NOT_OURS))}
        self.assertFalse(left, f"web client terms left in English: {left}")


@tagged("post_install", "-at_install")
class TestPaidServicesPortalInGeorgian(HttpCase, GeorgianPaidServicesCase):
    """A client reading Georgian sees their orders, invoices and the invoice document in Georgian."""

    def test_portal_pages(self):
        self.client.lang = "ka_GE"
        order = self._sell()
        invoice = self._invoice(order)
        self.authenticate("paid_portal", "paid_portal")
        left = {}
        for url in (
            "/my/orders",
            f"/my/orders/{order.id}",
            "/my/invoices",
            f"/my/invoices/{invoice.id}",
            f"/my/invoices/{invoice.id}?report_type=html",  # the invoice document, as printed
        ):
            # followed: where the frontend's routing is active, a Georgian reader is sent to /ka/...
            page = self.url_open(url)
            self.assertEqual(page.status_code, 200, url)
            self.assertTrue(urlsplit(page.url).path.endswith(urlsplit(url).path), page.url)
            if terms := page_terms_left(page.text, MODULES):
                left[url] = terms
        self.assertFalse(left, f"core terms left in English: {left}")
