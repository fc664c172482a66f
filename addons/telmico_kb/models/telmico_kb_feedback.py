from odoo import fields, models

SOURCES = [("backend", "Staff"), ("portal", "Customers")]


class TelmicoKbFeedback(models.Model):
    """An answer to "Was this helpful?" on a page, from an agent or a customer."""

    _name = "telmico.kb.feedback"
    _description = "Knowledge base feedback"
    _order = "create_date desc, id desc"
    _rec_name = "article_id"

    article_id = fields.Many2one("telmico.kb.article", string="Page", required=True, index=True, ondelete="cascade")
    helpful = fields.Boolean()
    comment = fields.Text()
    user_id = fields.Many2one("res.users", index="btree_not_null", ondelete="set null")
    source = fields.Selection(SOURCES, required=True, default="backend")
