from odoo import fields, models


class ProjectProject(models.Model):
    _inherit = "project.project"

    telmico_management = fields.Boolean(
        string="Management tasks",
        index=True,
        help="Its tasks are management tasks: managers see them all, staff the ones assigned to them or they follow.",
    )
    telmico_reminder_hours = fields.Integer(
        string="Reminder lead (hours)",
        default=24,
        help="Assignees of a management task get a reminder this many hours before its deadline, and another one "
        "when the deadline comes.",
    )
