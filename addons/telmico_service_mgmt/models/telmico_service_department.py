from odoo import api, fields, models
from odoo.exceptions import UserError

# the services that are a member's work (load) and keep a department from being deleted
OPEN_STATES = ("to_approve", "in_progress", "waiting")


class TelmicoServiceDepartment(models.Model):
    """A back-office department (or team) that executes services: charges, metering, legal, ..."""

    _name = "telmico.service.department"
    _inherit = ["mail.thread", "telmico.assignment.mixin"]
    _description = "Service department"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    manager_id = fields.Many2one(
        "res.users", string="Head", tracking=True, help="Distributes the department's services."
    )
    escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalate to",
        tracking=True,
        help="Told when a service stays overdue after the head was told.",
    )
    member_ids = fields.Many2many("res.users", string="Employees")
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working time",
        default=lambda self: self.env.ref("telmico_service_mgmt.resource_calendar_telmico", raise_if_not_found=False),
        help="Deadlines of the department's stages count working hours of this calendar (public holidays excluded).",
    )
    assignment_method = fields.Selection(
        [("manual", "The head distributes"), ("round_robin", "Round robin"), ("least_loaded", "Least loaded")],
        default="manual",
        required=True,
        tracking=True,
    )
    last_assigned_user_id = fields.Many2one("res.users", readonly=True, copy=False)
    service_open_count = fields.Integer(compute="_compute_service_open_count")

    def _compute_service_open_count(self):
        counts = dict(
            self.env["telmico.service"]._read_group(
                [("department_id", "in", self.ids), ("state", "in", OPEN_STATES)], ["department_id"], ["__count"]
            )
        )
        for department in self:
            department.service_open_count = counts.get(department, 0)

    def write(self, vals):
        result = super().write(vals)
        if "calendar_id" in vals:
            # the reminder and escalation moments of its open services count in the department's calendar
            self.env["telmico.service"]._deadline_checks_outdated(domain=[("department_id", "in", self.ids)])
        return result

    def _assignment_load(self, users):
        return dict(
            self.env["telmico.service"]._read_group(
                [("user_id", "in", users.ids), ("state", "in", OPEN_STATES)], ["user_id"], ["__count"]
            )
        )

    def _pick_executor(self, method=None):
        """The member that the department's automatic assignment (or ``method``) gives the next service to (or
        nobody)."""
        return self._pick_assignee(method=method)

    def action_open_services(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_service_mgmt.telmico_service_action")
        action["domain"] = [("department_id", "=", self.id)]
        action["context"] = {"search_default_filter_open": 1}
        return action

    @api.ondelete(at_uninstall=False)
    def _unlink_except_open_services(self):
        if self.env["telmico.service"].search_count(
            [("department_id", "in", self.ids), ("state", "in", OPEN_STATES)], limit=1
        ):
            raise UserError(self.env._("A department with open services cannot be deleted: archive it instead."))
