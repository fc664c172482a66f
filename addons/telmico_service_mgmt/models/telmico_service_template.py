from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TelmicoServiceTemplate(models.Model):
    """What a service is: the fields the operator fills, the hints, the route and the documents.

    Administrators build templates in the UI. A service copies what it needs from its
    template when it is created, so changing or archiving a template never breaks the
    services already made from it.
    """

    _name = "telmico.service.template"
    _inherit = ["mail.thread"]
    _description = "Service template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    color = fields.Integer()
    category_id = fields.Many2one("telmico.service.category", string="Topic", tracking=True)
    kind = fields.Selection(
        [("simple", "Simple: done at once by the operator"), ("complex", "Complex: routed to departments")],
        required=True,
        default="simple",
        tracking=True,
    )
    description = fields.Html(string="Instructions", translate=True, help="Shown to the operator on the service.")
    public = fields.Boolean(string="Offered in the personal cabinet", tracking=True)
    field_ids = fields.One2many("telmico.service.template.field", "template_id", string="Fields", copy=True)
    action_ids = fields.One2many(
        "telmico.service.template.action", "template_id", string="Hints and mandatory actions", copy=True
    )
    stage_ids = fields.One2many("telmico.service.template.stage", "template_id", string="Route", copy=True)
    deadline_hours = fields.Float(
        string="Overall deadline (working hours)",
        tracking=True,
        help="From registration; 0 = the sum of the stages' deadlines.",
    )
    reminder_hours = fields.Float(string="Remind before (working hours)", default=4)
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working time",
        default=lambda self: self.env.ref("telmico_service_mgmt.resource_calendar_telmico", raise_if_not_found=False),
    )
    report_ids = fields.Many2many(
        "ir.actions.report",
        string="Documents",
        domain=[("model", "=", "telmico.service")],
        help="Printable documents the operator can issue from the service (certificate, receipt, ...).",
    )
    data_change = fields.Selection(
        [("none", "No"), ("client", "Client card"), ("subscriber", "Subscriber (through billing)")],
        string="Changes card data",
        default="none",
        required=True,
    )
    change_field_ids = fields.Many2many(
        "ir.model.fields",
        string="Changeable fields",
        domain=lambda self: [
            ("model", "=", "res.partner"),
            ("name", "in", [name for name, __ in self.env["telmico.service.change"]._selection_client_field()]),
        ],
        help="Client-card fields the service may change, after approval: tracked text, date, choice, yes / no "
        "and relation fields.",
    )
    approval_department_id = fields.Many2one(
        "telmico.service.department", help="Its head (or manager) approves the data change before it is applied."
    )
    notify_client = fields.Boolean(string="Notify the client when done", default=True)
    service_count = fields.Integer(compute="_compute_service_count")

    @api.depends_context("uid")
    def _compute_service_count(self):
        counts = dict(
            self.env["telmico.service"]._read_group([("template_id", "in", self.ids)], ["template_id"], ["__count"])
        )
        for template in self:
            template.service_count = counts.get(template, 0)

    @api.constrains("kind", "stage_ids")
    def _check_route(self):
        if self.env.context.get("install_filename"):
            # a template loaded from an addon's data file gets its stages as sub-records right after it
            return
        for template in self:
            if template.kind == "complex" and not template.stage_ids:
                raise ValidationError(
                    self.env._(
                        "The complex service “%s” needs a route: add at least one stage with a department.",
                        template.name,
                    )
                )

    @api.constrains("data_change", "approval_department_id", "change_field_ids")
    def _check_data_change(self):
        for template in self.filtered(lambda t: t.data_change != "none"):
            if not template.approval_department_id:
                raise ValidationError(
                    self.env._("“%s” changes card data: choose the department that approves.", template.name)
                )
            if template.data_change == "client" and not template.change_field_ids:
                raise ValidationError(
                    self.env._("“%s” changes the client card: choose the fields it may change.", template.name)
                )

    def write(self, vals):
        result = super().write(vals)
        if {"reminder_hours", "calendar_id"} & set(vals):
            # the reminder and escalation moments of the open services are derived from them
            self.env["telmico.service"]._deadline_checks_outdated(domain=[("template_id", "in", self.ids)])
        return result

    def _active_actions(self, partner):
        """The template's hints and mandatory actions whose condition holds for ``partner``."""
        self.ensure_one()
        return self.action_ids.filtered(lambda action: action._applies_to(partner))

    def action_open_services(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_service_mgmt.telmico_service_action")
        action["domain"] = [("template_id", "=", self.id)]
        return action
