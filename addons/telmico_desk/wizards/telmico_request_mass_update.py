from odoo import fields, models
from odoo.exceptions import UserError

from ..models.telmico_request import PRIORITIES

# each request's own action; "in progress" is not "take": the assignees stay (see _set_in_progress)
STATE_ACTIONS = {
    "pending": "action_pending",
    "resolved": "action_resolve",
    "closed": "action_close",
    "cancelled": "action_cancel",
}


class TelmicoRequestMassUpdate(models.TransientModel):
    """Change the status, priority or tags of many requests at once, through each request's own action."""

    _name = "telmico.request.mass.update"
    _inherit = ["telmico.request.wizard.mixin"]
    _description = "Update several requests"

    state = fields.Selection(
        [
            ("in_progress", "In progress"),
            ("pending", "Pending"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        string="New status",
    )
    priority = fields.Selection(PRIORITIES, string="New priority")
    tag_ids = fields.Many2many("telmico.request.tag", string="Add tags")

    def action_apply(self):
        self.ensure_one()
        if not (self.state or self.priority or self.tag_ids):
            raise UserError(self.env._("Choose what to change."))
        requests = self.request_ids
        if self.priority:
            requests.write({"priority": self.priority})
        if self.tag_ids:
            requests.write({"tag_ids": [fields.Command.link(tag.id) for tag in self.tag_ids]})
        if self.state == "in_progress":
            self._set_in_progress(requests.filtered(lambda r: r.state != self.state))
        elif self.state:
            getattr(requests.filtered(lambda r: r.state != self.state), STATE_ACTIONS[self.state])()
        return {"type": "ir.actions.act_window_close"}

    def _set_in_progress(self, requests):
        """Back to work, each with its own agent: finished requests are reopened, waiting ones resumed."""
        finished = requests.filtered(lambda r: r.state in ("resolved", "closed", "cancelled"))
        finished.action_reopen()
        (requests - finished).filtered(lambda r: r.state != "draft").action_resume()
