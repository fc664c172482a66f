from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    telmico_debt_alert_threshold = fields.Float(
        string="Debt alert threshold",
        config_parameter="telmico_client_card.debt_alert_threshold",
        default=100.0,
        help="The client card shows a warning when the client's total debt exceeds this amount.",
    )
