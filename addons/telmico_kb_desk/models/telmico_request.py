from odoo import api, fields, models
from odoo.tools.mail import html_to_inner_content

SUGGESTIONS = 5


class TelmicoRequest(models.Model):
    _inherit = "telmico.request"

    kb_suggestion_ids = fields.Many2many(
        "telmico.kb.article",
        compute="_compute_kb_suggestion_ids",
        string="Suggested answers",
        help="The knowledge-base pages that best answer this request: from its services, subject and description.",
    )
    kb_article_ids = fields.Many2many(
        "telmico.kb.article",
        "telmico_request_kb_article_rel",
        "request_id",
        "article_id",
        string="Answers used",
        readonly=True,
        copy=False,
    )

    @api.depends("subject", "description", "service_ids.template_id")
    def _compute_kb_suggestion_ids(self):
        Article = self.env["telmico.kb.article"]
        if not Article.has_access("read"):
            self.kb_suggestion_ids = Article
            return
        for request in self:
            text = " ".join(
                filter(
                    None, [request.subject, html_to_inner_content(request.description) if request.description else ""]
                )
            )
            templates = request.service_ids.template_id
            if not text.strip() and not templates:
                request.kb_suggestion_ids = Article
                continue
            suggestions = Article._kb_suggest(text, templates, limit=SUGGESTIONS)
            request.kb_suggestion_ids = Article.browse([article.id for article, _score in suggestions])
