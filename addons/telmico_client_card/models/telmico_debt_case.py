from odoo import api, fields, models


class TelmicoDebtCase(models.Model):
    """Pre-court work on a client's debt, or a court case."""

    _name = "telmico.debt.case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Debt case"
    _order = "state, opened_on desc, id desc"

    name = fields.Char(string="Case number", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, tracking=True, ondelete="cascade"
    )
    subscriber_id = fields.Many2one("telmico.subscriber", tracking=True, index="btree_not_null")
    kind = fields.Selection(
        [("pre_court", "Pre-court"), ("court", "Court")], required=True, default="pre_court", tracking=True
    )
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], required=True, default="open", tracking=True, index=True
    )
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id, required=True)
    amount = fields.Monetary(tracking=True)
    opened_on = fields.Date(default=fields.Date.context_today, required=True, tracking=True)
    closed_on = fields.Date(tracking=True)
    court = fields.Char(tracking=True)
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user, tracking=True)
    note = fields.Html()

    @api.onchange("state")
    def _onchange_state(self):
        if self.state == "closed" and not self.closed_on:
            self.closed_on = fields.Date.context_today(self)

    def action_close(self):
        self.write({"state": "closed", "closed_on": fields.Date.context_today(self)})

    def action_reopen(self):
        self.write({"state": "open", "closed_on": False})
