from odoo import fields, models


class TelmicoWebhookEvent(models.Model):
    """An event that outgoing webhooks can subscribe to (data of this addon: ``request.created``, ...)."""

    _name = "telmico.webhook.event"
    _description = "Webhook event"
    _order = "sequence, id"

    code = fields.Char(required=True, readonly=True)
    name = fields.Char(required=True, translate=True)
    description = fields.Char(translate=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [("code_unique", "unique(code)", "An event code is used once.")]
