from odoo import fields, models


class TelmicoService(models.Model):
    _inherit = "telmico.service"

    task_ids = fields.One2many("project.task", "service_id", string="Management tasks")
    task_count = fields.Integer(string="Tasks", compute="_compute_task_count")

    def _compute_task_count(self):
        counts = dict(
            self.env["project.task"]._read_group([("service_id", "in", self.ids)], ["service_id"], ["__count"])
        )
        for service in self:
            service.task_count = counts.get(service, 0)

    def action_create_task(self):
        """A management task about this service: linked back to the service (and to its request, if any)."""
        self.ensure_one()
        return self.env["project.task"]._telmico_action_new(
            {
                "name": f"{self.name} {self.template_id.name}",
                "service_id": self.id,
                "request_id": self.request_id.id,
                "date_deadline": fields.Datetime.to_string(self.date_deadline),
            }
        )

    def action_open_tasks(self):
        self.ensure_one()
        return self.env["project.task"]._telmico_action_linked("service_id", self)
