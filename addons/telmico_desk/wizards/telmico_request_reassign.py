from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class TelmicoRequestReassign(models.TransientModel):
    """Hand requests to another agent or team, saying why; the reason stays in the request's history."""

    _name = "telmico.request.reassign"
    _inherit = ["telmico.request.wizard.mixin"]
    _description = "Reassign requests"

    team_id = fields.Many2one("telmico.desk.team")
    user_id = fields.Many2one("res.users", string="Assign to", domain=[("share", "=", False)])
    reason = fields.Text(required=True)

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.team_id and self.user_id and self.user_id not in self.team_id.member_ids | self.team_id.leader_id:
            self.user_id = False

    def action_reassign(self):
        self.ensure_one()
        if not self.team_id and not self.user_id:
            raise UserError(self.env._("Choose the team or the agent to hand the requests to."))
        closed = self.request_ids.filtered(lambda r: r.state in ("closed", "cancelled"))
        if closed:
            raise UserError(
                self.env._("Closed or cancelled requests cannot be reassigned: %s.", ", ".join(closed.mapped("name")))
            )
        for request in self.request_ids:
            before = request.user_id.name or request.team_id.name or self.env._("nobody")
            vals = {}
            if self.team_id:
                vals["team_id"] = self.team_id.id
                if not self.user_id and request.user_id not in self.team_id.member_ids | self.team_id.leader_id:
                    vals["user_id"] = False
            if self.user_id:
                vals["user_id"] = self.user_id.id
            request.write(vals)
            after = request.user_id.name or request.team_id.name
            request.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (
                    self.env._("Reassigned from %(before)s to %(after)s.", before=before, after=after),
                    self.reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}
