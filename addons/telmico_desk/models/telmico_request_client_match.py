from odoo import fields, models


class TelmicoRequestClientMatch(models.Model):
    """One client found during the registration of a request, shown with its subscribers."""

    _name = "telmico.request.client.match"
    _description = "Client found for a request"
    _order = "sequence, id"

    request_id = fields.Many2one("telmico.request", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    exact = fields.Boolean(
        string="Exact hit", help="Found by its subscriber, personal number, company ID or phone, typed in full."
    )
    chosen = fields.Boolean(
        help="Set by the operator's Choose: the request takes this client (see the request's onchange)."
    )
    partner_id = fields.Many2one("res.partner", string="Client", required=True, ondelete="cascade")
    personal_number = fields.Char(related="partner_id.personal_number")
    company_registry = fields.Char(related="partner_id.company_registry")
    mobile = fields.Char(related="partner_id.mobile")
    email = fields.Char(related="partner_id.email")
    subscriber_numbers = fields.Char(related="partner_id.subscriber_numbers", string="Subscribers")
    total_debt = fields.Monetary(related="partner_id.total_debt", currency_field="currency_id")
    currency_id = fields.Many2one(related="partner_id.client_currency_id")

    def action_select(self):
        """Use this client for the request."""
        self.ensure_one()
        request = self.request_id
        request.partner_id = self.partner_id
        request._onchange_partner_id()
        return True

    def action_open_card(self):
        """Open the client card in its own window, the registration stays where it is."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "target": "new",
        }
