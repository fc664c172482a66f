from odoo import fields, models


class TelmicoBillingSyncError(models.Model):
    _name = "telmico.billing.sync.error"
    _description = "Billing record refused by a sync"
    _order = "id"

    run_id = fields.Many2one("telmico.billing.sync.run", required=True, ondelete="cascade", index=True)
    reference = fields.Char()
    reason = fields.Char()
    payload = fields.Text()
