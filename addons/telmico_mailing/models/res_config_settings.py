from odoo import fields, models
from odoo.exceptions import ValidationError

from .mail_mail import MAX_SENDERS


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
    telmico_email_senders = fields.Integer(
        string="Parallel e-mail senders",
        config_parameter="telmico_mailing.email_senders",
        default=1,
        help="How many senders send the queued e-mails side by side, each its own mails (Odoo's mail queue and "
        "as many more); each needs a cron worker of the server (its max_cron_threads option).",
    )

    def set_values(self):
        if not 1 <= self.telmico_email_senders <= MAX_SENDERS:
            raise ValidationError(
                self.env._("The number of parallel e-mail senders must be between 1 and %(max)s.", max=MAX_SENDERS)
            )
        result = super().set_values()
        self.env["mail.mail"]._set_sender_count(self.telmico_email_senders)
        return result
