from odoo import fields, models

from ..models.telmico_service import CLIENT_CHANNELS


class TelmicoServiceAskClient(models.TransientModel):
    """The executor asks the client for more information: the service waits for the answer, its deadlines paused."""

    _name = "telmico.service.ask.client"
    _description = "Ask the client for more information"

    service_id = fields.Many2one("telmico.service", required=True, readonly=True, ondelete="cascade")
    partner_id = fields.Many2one(related="service_id.partner_id")
    preferred_channel = fields.Selection(related="service_id.partner_id.preferred_channel", string="The client prefers")
    channel = fields.Selection(CLIENT_CHANNELS, string="Send by", required=True, default="email")
    question = fields.Text(required=True)

    def action_send(self):
        self.ensure_one()
        self.service_id._ask_client(self.question, self.channel)
        return {"type": "ir.actions.act_window_close"}
