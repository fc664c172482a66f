from odoo import fields, models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    failure_type = fields.Selection(
        selection_add=[("sms_too_long", "Message Too Long"), ("sms_sender", "Sender Not Allowed")]
    )
