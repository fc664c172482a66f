from odoo import api, fields, models
from odoo.exceptions import UserError


class TelmicoRequest(models.Model):
    _inherit = "telmico.request"

    call_ids = fields.One2many(
        "telmico.call", "request_id", string="Calls", readonly=True, groups="telmico_callcenter.group_callcenter_user"
    )
    call_count = fields.Integer(compute="_compute_call_count", groups="telmico_callcenter.group_callcenter_user")

    def _compute_call_count(self):
        counts = dict(
            self.env["telmico.call"]._read_group([("request_id", "in", self.ids)], ["request_id"], ["__count"])
        )
        for request in self:
            request.call_count = counts.get(request, 0)

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        call_id = self.env.context.get("telmico_callcenter_call_id")
        if call_id and len(requests) == 1:
            # the request registered from a call's screen pop (action_create_request): the call is linked to it
            call = self.env["telmico.call"].browse(int(call_id)).exists()
            if call and call.has_access("read") and not call.request_id:
                # sudo: agents only read calls; linking the one they registered the request from is the system's
                call.sudo().request_id = requests
        return requests

    def action_telmico_call(self):
        """Click-to-call the request's client: the platform rings the agent, then the client; the call is linked
        to this request."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._("This request has no client to call."))
        number = self.partner_id._telmico_call_number()
        self.env["telmico.call"]._click_to_call(number, f"request-{self.id}", request=self)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": self.env._("Calling %s…", self.partner_id.display_name), "type": "info"},
        }

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_callcenter.telmico_call_action")
        action["domain"] = [("request_id", "=", self.id)]
        action["context"] = {}
        return action
