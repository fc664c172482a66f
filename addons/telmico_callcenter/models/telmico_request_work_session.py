from odoo import fields, models


class TelmicoRequestWorkSession(models.Model):
    _inherit = "telmico.request.work.session"

    source = fields.Selection(selection_add=[("call", "Phone call")], ondelete={"call": "cascade"})
    call_id = fields.Many2one("telmico.call", ondelete="cascade", index="btree_not_null", readonly=True)

    _sql_constraints = [("call_uniq", "unique(call_id)", "A call is one work session.")]
