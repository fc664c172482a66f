from odoo import api, fields, models


class SmsComposer(models.TransientModel):
    """The "Send SMS" wizard: the user picks a sender name among those their groups may use."""

    _inherit = "sms.composer"

    sender_id = fields.Many2one(
        "telmico.sms.sender",
        help="Among the sender names your groups may use; empty: the gateway's default sender.",
    )
    transliterate = fields.Boolean(
        string="Transliterate to Latin",
        compute="_compute_transliterate",
        store=True,
        readonly=False,
        help="Send in Latin letters; the template's choice, else the gateway's setting.",
    )

    @api.depends("template_id")
    def _compute_transliterate(self):
        default = self.env["telmico.sms.gateway"]._default_transliterate()
        for composer in self:
            composer.transliterate = composer.template_id.transliterate if composer.template_id else default

    def _action_send_sms(self):
        if self.sender_id:
            # rights per sender: the record rules of telmico.sms.sender, checked as the user sending
            self.sender_id.check_access("read")
        return super(
            SmsComposer,
            self.with_context(
                telmico_sms_sender_id=self.sender_id.id,
                telmico_sms_transliteration="latin" if self.transliterate else "original",
            ),
        )._action_send_sms()
