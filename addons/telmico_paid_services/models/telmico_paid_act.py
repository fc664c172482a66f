from odoo import api, fields, models


class TelmicoPaidAct(models.Model):
    """The act of completed work of a paid-service order, made when its executing services are done, signed the
    same way as the contract."""

    _name = "telmico.paid.act"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "telmico.paid.signature.mixin"]
    _description = "Act of completed work"
    _order = "id desc"
    _telmico_report = "telmico_paid_services.action_report_paid_act"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/", index="trigram")
    order_id = fields.Many2one("sale.order", required=True, ondelete="restrict", index=True)
    contract_id = fields.Many2one("telmico.paid.contract", compute="_compute_contract_id", store=True)
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, index=True, string="Client")
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id", store=True, index=True)
    subscriber_id = fields.Many2one(related="order_id.telmico_subscriber_id", store=True, string="Subscriber")
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    amount_total = fields.Monetary(related="order_id.amount_total")
    service_ids = fields.Many2many(related="order_id.telmico_service_ids", string="Services")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("signed", "Signed"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )

    @api.depends("order_id.telmico_contract_ids.state")
    def _compute_contract_id(self):
        for act in self:
            contracts = act.order_id.telmico_contract_ids
            act.contract_id = (contracts.filtered(lambda c: c.state != "cancelled") or contracts)[:1]

    def _compute_access_url(self):
        for act in self:
            act.access_url = f"/my/paid/acts/{act.id}"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("telmico.paid.act") or "/"
        acts = super().create(vals_list)
        for act in acts:
            act.order_id.message_post(
                body=self.env._("Act of completed work %s made.", act.name), subtype_xmlid="mail.mt_note"
            )
        return acts

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def _get_report_base_filename(self):
        return self.name.replace("/", "-")
