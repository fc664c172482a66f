from odoo import api, fields, models


class TelmicoRequest(models.Model):
    _inherit = "telmico.request"

    telmico_order_ids = fields.One2many("sale.order", "telmico_request_id", string="Paid services")
    telmico_order_count = fields.Integer(compute="_compute_telmico_order_count")
    telmico_complaint_order_id = fields.Many2one(
        "sale.order", string="Complaint about the order", index="btree_not_null", tracking=True
    )

    @api.depends("telmico_order_ids")
    def _compute_telmico_order_count(self):
        for request in self:
            request.telmico_order_count = len(request.telmico_order_ids)

    def action_register(self):
        """Paid services not paid yet stay drafts: they go to their departments once paid."""
        return super(TelmicoRequest, self.with_context(telmico_paid_skip_unpaid=True)).action_register()

    def action_telmico_sell(self):
        """Sell a paid service on this request: a quotation for its client and subscriber."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Paid service"),
            "res_model": "sale.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_telmico_request_id": self.id,
                "default_telmico_subscriber_id": self.subscriber_ids[:1].id,
                "telmico_paid_service": True,
            },
        }

    def action_telmico_open_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_paid_services.sale_order_action_paid")
        action["domain"] = [("telmico_request_id", "=", self.id)]
        action["context"] = {"default_telmico_request_id": self.id, "default_partner_id": self.partner_id.id}
        return action
