from odoo import fields, models


class TelmicoServiceAskClient(models.TransientModel):
    _inherit = "telmico.service.ask.client"

    channel = fields.Selection(selection_add=[("portal", "Personal cabinet")], ondelete={"portal": "cascade"})
