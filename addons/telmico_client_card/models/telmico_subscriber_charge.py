from odoo import fields, models


class TelmicoSubscriberCharge(models.Model):
    _name = "telmico.subscriber.charge"
    _inherit = ["telmico.billing.mirror.mixin"]
    _description = "Subscriber charge"
    _order = "period desc, id desc"

    subscriber_id = fields.Many2one("telmico.subscriber", required=True, ondelete="cascade", index=True, readonly=True)
    billing_id = fields.Char(required=True, readonly=True)
    period = fields.Char(readonly=True, help="Billing month, YYYY-MM.")
    date = fields.Date(readonly=True)
    kwh = fields.Float(string="kWh", readonly=True)
    currency_id = fields.Many2one(related="subscriber_id.currency_id")
    amount = fields.Monetary(readonly=True)

    _sql_constraints = [("billing_id_uniq", "unique(billing_id)", "A billing charge is mirrored once.")]
