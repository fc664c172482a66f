from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # the record rule on unrouted requests finds the intake team of the request's company through it
    telmico_desk_team_ids = fields.One2many("telmico.desk.team", "company_id", string="Desk teams")
