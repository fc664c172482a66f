from odoo import fields, models


class TelmicoPaidContractTemplate(models.Model):
    """The text an individual paid-service contract is made from."""

    _name = "telmico.paid.contract.template"
    _description = "Paid-service contract template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    body = fields.Html(string="Terms", translate=True, sanitize_style=True)
    validity_days = fields.Integer(string="Validity (days)", default=365)
