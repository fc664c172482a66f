from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TelmicoServiceAssign(models.TransientModel):
    """The department head gives a service to an employee, with the employee's own deadline inside the stage's."""

    _name = "telmico.service.assign"
    _description = "Give a service to an employee"

    service_id = fields.Many2one("telmico.service", required=True, readonly=True, ondelete="cascade")
    department_id = fields.Many2one(related="service_id.department_id")
    allowed_user_ids = fields.Many2many("res.users", string="Members", compute="_compute_allowed_user_ids")
    user_id = fields.Many2one("res.users", string="Executor", required=True, domain="[('id', 'in', allowed_user_ids)]")
    stage_deadline = fields.Datetime(
        string="Stage deadline", compute="_compute_stage_deadline", help="The deadline of the current stage."
    )
    date_executor_deadline = fields.Datetime(
        string="Executor's deadline",
        help="Optional: the executor is reminded before it and you are told when it passes. No later than the "
        "stage's deadline.",
    )

    @api.depends("department_id")
    def _compute_allowed_user_ids(self):
        for wizard in self:
            department = wizard.department_id
            wizard.allowed_user_ids = department.member_ids.filtered("active") | department.manager_id

    @api.depends("service_id")
    def _compute_stage_deadline(self):
        for wizard in self:
            service = wizard.service_id
            wizard.stage_deadline = service.current_route_line_id.date_deadline or service.date_deadline

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        service = self.env["telmico.service"].browse(values.get("service_id"))
        if "date_executor_deadline" in fields_list and service.date_executor_deadline:
            values.setdefault("date_executor_deadline", service.date_executor_deadline)
        return values

    def action_confirm(self):
        self.ensure_one()
        service = self.service_id
        service._check_distributor()
        if self.user_id not in self.allowed_user_ids:
            raise ValidationError(
                self.env._(
                    "%(user)s does not work in %(department)s.",
                    user=self.user_id.name,
                    department=self.department_id.name,
                )
            )
        deadline = self.date_executor_deadline
        if deadline and deadline <= fields.Datetime.now():
            raise ValidationError(self.env._("The executor's deadline is already past: choose a later moment."))
        service._assign(self.user_id, deadline or False)
        return {"type": "ir.actions.act_window_close"}
