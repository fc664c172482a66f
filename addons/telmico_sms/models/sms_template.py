from odoo import fields, models


class SmsTemplate(models.Model):
    """SMS templates choose whether their messages go out in Latin letters, with a live size counter."""

    _name = "sms.template"
    _inherit = ["sms.template", "telmico.sms.counter.mixin"]
    _sms_counter_depends = ("transliterate",)

    transliterate = fields.Boolean(
        string="Transliterate to Latin",
        default=lambda self: self.env["telmico.sms.gateway"]._default_transliterate(),
        help="Send this template's messages in Latin letters (a Latin SMS holds 160 characters, a Georgian one "
        "70); wins over the gateway's setting, which is the default.",
    )

    def _sms_counter_transliterate(self):
        return self.transliterate
