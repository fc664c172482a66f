from odoo import fields, models


class TelmicoSubscriberPayment(models.Model):
    _name = "telmico.subscriber.payment"
    _inherit = ["telmico.billing.mirror.mixin"]
    _description = "Subscriber payment"
    _order = "date desc, id desc"

    subscriber_id = fields.Many2one("telmico.subscriber", required=True, ondelete="cascade", index=True, readonly=True)
    billing_id = fields.Char(required=True, readonly=True)
    date = fields.Date(readonly=True)
    currency_id = fields.Many2one(related="subscriber_id.currency_id")
    amount = fields.Monetary(readonly=True)
    channel = fields.Char(readonly=True)
    reference = fields.Char(readonly=True)

    _sql_constraints = [("billing_id_uniq", "unique(billing_id)", "A billing payment is mirrored once.")]
