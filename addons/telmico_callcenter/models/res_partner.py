from odoo import models
from odoo.addons.telmico_client_card.tools.phone import normalize_phone
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _telmico_call_number(self):
        """The client's number to call (E.164): the mobile, else the phone; a clear error when there is none."""
        self.ensure_one()
        number = normalize_phone(self.mobile or "") or normalize_phone(self.phone or "")
        if not number:
            raise UserError(self.env._("%s has no valid phone number to call.", self.display_name))
        return number

    def action_telmico_call(self):
        """Click-to-call from the client card: the platform rings the agent, then the client; the agent registers
        the conversation as an outgoing phone request (the form opens, linked to the call)."""
        self.ensure_one()
        call = self.env["telmico.call"]._click_to_call(self._telmico_call_number(), f"client-{self.id}")
        action = self.env["telmico.request"].action_new_request_form(partner=self, channel="phone")
        action["context"].update({"default_direction": "outgoing", "default_outgoing_kind": "call"})
        if call:
            action["context"]["telmico_callcenter_call_id"] = call.id
        return action
