from markupsafe import Markup, escape

from odoo import fields, models
from odoo.addons.web_editor.models.diff_utils import generate_comparison
from odoo.exceptions import UserError

from .telmico_kb_article import CONTENT_FIELDS


class TelmicoKbArticleVersion(models.Model):
    """A saved state of a page: made by the system on every change of its content, never edited."""

    _name = "telmico.kb.article.version"
    _description = "Knowledge base page version"
    _order = "article_id, number desc"
    _rec_name = "number"

    article_id = fields.Many2one("telmico.kb.article", string="Page", required=True, index=True, ondelete="cascade")
    number = fields.Integer(string="Version", required=True)
    name = fields.Char(string="Title")
    summary = fields.Text()
    body = fields.Html(string="Content", sanitize=False)
    answer = fields.Html(string="Answer to the customer", sanitize=False)
    keywords = fields.Char()
    date_from = fields.Date(string="Valid from")
    date_to = fields.Date(string="Valid until")
    author_id = fields.Many2one("res.users", string="Changed by", required=True)
    date = fields.Datetime(string="Changed on", default=fields.Datetime.now, required=True)
    note = fields.Char(string="Change note")
    published = fields.Boolean(help="This version was the one published.")
    diff = fields.Html(string="Changes", compute="_compute_diff", sanitize=False)

    _sql_constraints = [("number_uniq", "unique(article_id, number)", "A page has each version number once.")]

    def _compute_display_name(self):
        for version in self:
            version.display_name = self.env._("%(page)s, version %(number)s", page=version.name, number=version.number)

    def _previous(self):
        self.ensure_one()
        return self.search(
            [("article_id", "=", self.article_id.id), ("number", "<", self.number)], order="number desc", limit=1
        )

    def _compute_diff(self):
        """What this version changed from the one before: removed text struck out, added text underlined."""
        labels = {name: self._fields[name]._description_string(self.env) for name in CONTENT_FIELDS}
        for version in self:
            previous = version._previous()
            parts = []
            for name in ("name", "keywords", "summary", "date_from", "date_to"):
                old, new = str(previous[name] or ""), str(version[name] or "")
                if old != new or not previous:
                    parts.append(
                        Markup("<p><b>%s</b>: <removed>%s</removed> <added>%s</added></p>")
                        % (labels[name], escape(old), escape(new))
                        if previous
                        else Markup("<p><b>%s</b>: %s</p>") % (labels[name], new or "—")
                    )
            for name in ("answer", "body"):
                old, new = str(previous[name] or ""), str(version[name] or "")
                if old != new or not previous:
                    comparison = generate_comparison(new, old) if previous else new
                    parts.append(Markup("<h5>%s</h5><div>%s</div>") % (labels[name], Markup(comparison)))
            version.diff = Markup("").join(parts) or Markup("<p>%s</p>") % self.env._("No change of the content.")

    def action_restore(self):
        """Write this version back into the page (which makes a new version)."""
        self.ensure_one()
        article = self.article_id
        if not article.has_access("write"):
            raise UserError(self.env._("Only knowledge-base editors restore versions."))
        article.write(
            {
                **{name: self[name] for name in CONTENT_FIELDS},
                "version_note": self.env._("Restored version %s", self.number),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": article._name,
            "res_id": article.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
