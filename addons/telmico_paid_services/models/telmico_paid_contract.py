from datetime import timedelta

from odoo import api, fields, models

CONTRACT_STATES = [("draft", "Draft"), ("signed", "Signed"), ("expired", "Expired"), ("cancelled", "Cancelled")]


class TelmicoPaidContract(models.Model):
    """An individual contract for the paid services of an order, made from a contract template, signed on paper
    or electronically."""

    _name = "telmico.paid.contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "telmico.paid.signature.mixin"]
    _description = "Paid-service contract"
    _order = "id desc"
    _telmico_report = "telmico_paid_services.action_report_paid_contract"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/", index="trigram")
    order_id = fields.Many2one("sale.order", required=True, ondelete="restrict", index=True)
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, index=True, string="Client")
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id", store=True, index=True)
    subscriber_id = fields.Many2one(related="order_id.telmico_subscriber_id", store=True, string="Subscriber")
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    amount_untaxed = fields.Monetary(related="order_id.amount_untaxed")
    amount_tax = fields.Monetary(related="order_id.amount_tax")
    amount_total = fields.Monetary(related="order_id.amount_total")
    template_id = fields.Many2one("telmico.paid.contract.template")
    body = fields.Html(string="Terms", compute="_compute_body", store=True, readonly=False, copy=True)
    date_start = fields.Date(string="Valid from", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(string="Valid until", compute="_compute_date_end", store=True, readonly=False, tracking=True)
    state = fields.Selection(CONTRACT_STATES, default="draft", required=True, tracking=True, index=True, copy=False)

    @api.depends("template_id")
    def _compute_body(self):
        for contract in self:
            if contract.template_id:
                lang = contract.partner_id.lang or self.env.lang
                contract.body = contract.template_id.with_context(lang=lang).body

    @api.depends("template_id", "date_start")
    def _compute_date_end(self):
        for contract in self:
            if contract.template_id.validity_days and contract.date_start and not contract.date_end:
                contract.date_end = contract.date_start + timedelta(days=contract.template_id.validity_days)

    def _compute_access_url(self):
        for contract in self:
            contract.access_url = f"/my/paid/contracts/{contract.id}"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("telmico.paid.contract") or "/"
        return super().create(vals_list)

    def action_cancel(self):
        self.write({"state": "cancelled"})

    @api.model
    def _cron_expire(self):
        """Signed contracts past their validity become expired."""
        self.search([("state", "=", "signed"), ("date_end", "<", fields.Date.context_today(self))]).write(
            {"state": "expired"}
        )

    def _get_report_base_filename(self):
        return self.name.replace("/", "-")
