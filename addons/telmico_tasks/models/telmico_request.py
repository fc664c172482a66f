from odoo import fields, models
from odoo.tools import html2plaintext


class TelmicoRequest(models.Model):
    _inherit = "telmico.request"

    task_ids = fields.One2many("project.task", "request_id", string="Management tasks")
    task_count = fields.Integer(string="Tasks", compute="_compute_task_count")

    def _compute_task_count(self):
        counts = dict(
            self.env["project.task"]._read_group([("request_id", "in", self.ids)], ["request_id"], ["__count"])
        )
        for request in self:
            request.task_count = counts.get(request, 0)

    def action_create_task(self):
        """A management task about this request: it is linked back to the request."""
        self.ensure_one()
        return self.env["project.task"]._telmico_action_new(
            {
                "name": self.subject or self.name,
                "request_id": self.id,
                "description": html2plaintext(self.description or "") or False,
            }
        )

    def action_open_tasks(self):
        self.ensure_one()
        return self.env["project.task"]._telmico_action_linked("request_id", self)
