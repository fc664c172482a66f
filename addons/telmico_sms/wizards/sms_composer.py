from odoo import fields, models


class SmsComposer(models.TransientModel):
    """The "Send SMS" wizard: the user picks a sender name among those their groups may use."""

    _inherit = "sms.composer"

    sender_id = fields.Many2one(
        "telmico.sms.sender",
        help="Among the sender names your groups may use; empty: the gateway's default sender.",
    )

    def _action_send_sms(self):
        if self.sender_id:
            # rights per sender: the record rules of telmico.sms.sender, checked as the user sending
            self.sender_id.check_access("read")
        return super(SmsComposer, self.with_context(telmico_sms_sender_id=self.sender_id.id))._action_send_sms()
