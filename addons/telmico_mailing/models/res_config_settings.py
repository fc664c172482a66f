from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    telmico_quiet_hours_start = fields.Float(
        string="Quiet hours from",
        config_parameter="telmico_mailing.quiet_hours_start",
        default=21.0,
        help="Tbilisi time from which no advertising SMS is sent; such mailings wait for the end of the quiet hours.",
    )
    telmico_quiet_hours_end = fields.Float(
        string="Quiet hours until",
        config_parameter="telmico_mailing.quiet_hours_end",
        default=9.0,
    )
    telmico_frequency_cap_count = fields.Integer(
        string="Advertising messages per client",
        config_parameter="telmico_mailing.frequency_cap_count",
        default=3,
        help="At most this many advertising messages reach a client within the period (0: no cap).",
    )
    telmico_frequency_cap_days = fields.Integer(
        string="Frequency cap period (days)",
        config_parameter="telmico_mailing.frequency_cap_days",
        default=7,
    )
