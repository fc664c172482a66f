from odoo import fields, models


class TelmicoServiceRouteLine(models.Model):
    """A stage of a service's route, copied from the template, with its own stored deadline."""

    _name = "telmico.service.route.line"
    _description = "Service route stage"
    _order = "sequence, id"

    service_id = fields.Many2one("telmico.service", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    name = fields.Char(required=True)
    department_id = fields.Many2one("telmico.service.department", required=True, ondelete="restrict")
    deadline_hours = fields.Float(string="Deadline (working hours)")
    state = fields.Selection(
        [("waiting", "Waiting"), ("current", "Current"), ("done", "Done")], default="waiting", required=True
    )
    user_id = fields.Many2one("res.users", string="Executor")
    date_start = fields.Datetime()
    date_deadline = fields.Datetime(string="Deadline")
    date_done = fields.Datetime(string="Done on")
    date_executor_deadline = fields.Datetime(
        string="Executor's deadline", help="The executor's own deadline inside the stage's, set by the department head."
    )
