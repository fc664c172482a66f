from odoo import fields, models


class TelmicoServiceTemplateStage(models.Model):
    _name = "telmico.service.template.stage"
    _description = "Service route stage"
    _order = "sequence, id"

    template_id = fields.Many2one("telmico.service.template", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    department_id = fields.Many2one("telmico.service.department", required=True, ondelete="restrict")
    deadline_hours = fields.Float(string="Deadline (working hours)", default=8)
