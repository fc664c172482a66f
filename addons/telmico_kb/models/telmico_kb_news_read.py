from odoo import fields, models


class TelmicoKbNewsRead(models.Model):
    """An agent confirmed having read a news item."""

    _name = "telmico.kb.news.read"
    _description = "News read confirmation"
    _order = "date desc, id desc"
    _rec_name = "article_id"

    article_id = fields.Many2one("telmico.kb.article", string="News", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Agent", required=True, index=True, ondelete="cascade")
    date = fields.Datetime(string="Read on", default=fields.Datetime.now, required=True)

    _sql_constraints = [("article_user_uniq", "unique(article_id, user_id)", "This agent has confirmed it already.")]
