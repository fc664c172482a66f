from odoo import fields, models


class TelmicoApiKeyShow(models.TransientModel):
    """The full text of a key just made, shown once (the form is never saved)."""

    _name = "telmico.api.key.show"
    _description = "API key shown once"

    key = fields.Char(readonly=True)
