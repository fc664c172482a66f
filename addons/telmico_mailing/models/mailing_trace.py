from odoo import fields, models


class MailingTrace(models.Model):
    _inherit = "mailing.trace"

    # the refusals of our SMS gateways (telmico_sms) that Odoo's SMS has no name for
    failure_type = fields.Selection(
        selection_add=[("sms_too_long", "Message Too Long"), ("sms_sender", "Sender Not Allowed")]
    )
