from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..models.telmico_kb_search_log import VISITOR_KEY

RESULTS = 20
PAGES_PER_CATEGORY = 200


def _to_id(value):
    value = (value or "").strip() if isinstance(value, str) else value
    return int(value) if isinstance(value, str) and value.isdigit() else 0


def kb_visitor():
    """A random token of this browser session, to follow the searches of a visitor without an account."""
    visitor = request.session.get(VISITOR_KEY)
    if not visitor:
        visitor = request.env["telmico.kb.search.log"]._kb_new_visitor()
        request.session[VISITOR_KEY] = visitor
    return visitor


def kb_customer():
    """The customer's partner, or an empty recordset for an anonymous visitor."""
    user = request.env.user
    return request.env["res.partner"] if user._is_public() else user.partner_id


def kb_help_search(search, source="portal"):
    """A customer's search in the public pages, logged for the editors and the deflection figures."""
    return request.env["telmico.kb.article"]._kb_help_search(
        search, source=source, partner=kb_customer(), visitor=kb_visitor(), limit=RESULTS
    )


class KbHelp(http.Controller):
    """The public help pages (FAQ): published pages marked *Public FAQ*, searchable by anyone.

    Only public published pages are ever read: the domain says so and the record rules of the
    portal and public users say so again; agents visiting the pages see the same as customers.
    """

    def _kb_category_names(self, articles):
        return {article.id: article._kb_category_name() for article in articles}

    @http.route("/help", type="http", auth="public", website=True, sitemap=False)
    def kb_help(self, search="", category=None, **kw):
        search = (search or "").strip()[:200] if isinstance(search, str) else ""
        values = {"search": search, "results": [], "count": 0, "count_text": "", "partial": False, "sections": []}
        if search:
            values.update(kb_help_search(search))
        else:
            Article = request.env["telmico.kb.article"]
            domain = Article._kb_public_domain()
            category_id = _to_id(category)
            if category_id:
                # sudo: customers may not read categories; only the ids of the chosen one and its children
                categories = request.env["telmico.kb.category"].sudo().search([("id", "child_of", category_id)])
                domain.append(("category_id", "in", categories.ids))
            articles = Article.search(domain, order="sequence, name, id", limit=PAGES_PER_CATEGORY * 5)
            names = self._kb_category_names(articles)
            sections = {}
            for article in articles:
                sections.setdefault(names[article.id], []).append(article)
            values["sections"] = sorted(sections.items(), key=lambda item: (not item[0], item[0]))
        return request.render("telmico_kb.help_page", values)

    @http.route("/help/<int:article_id>", type="http", auth="public", website=True, sitemap=False)
    def kb_help_article(self, article_id, thanks=None, **kw):
        Article = request.env["telmico.kb.article"]
        article = Article.search([("id", "=", article_id), *Article._kb_public_domain()])
        if not article:
            raise NotFound()
        article._kb_count_view()
        # sudo: customers may not read attachments; those of this public page get a download token
        attachments = article.sudo().attachment_ids
        tokens = attachments.generate_access_token()
        values = {
            "article": article,
            "category": self._kb_category_names(article)[article.id],
            "attachments": [
                {"name": attachment.name, "url": f"/web/content/{attachment.id}?access_token={token}&download=true"}
                for attachment, token in zip(attachments, tokens, strict=True)
            ],
            "thanks": thanks,
        }
        return request.render("telmico_kb.help_article", values)

    @http.route("/help/<int:article_id>/feedback", type="http", auth="public", methods=["POST"], website=True)
    def kb_help_feedback(self, article_id, helpful=None, comment=None, **kw):
        Article = request.env["telmico.kb.article"]
        article = Article.search([("id", "=", article_id), *Article._kb_public_domain()])
        if not article or helpful not in ("1", "0"):
            raise NotFound()
        article._kb_record_feedback(helpful == "1", comment if isinstance(comment, str) else None, "portal")
        if helpful == "1":
            request.env["telmico.kb.search.log"]._kb_mark_answered(
                article, partner=kb_customer(), visitor=request.session.get(VISITOR_KEY)
            )
        return request.redirect(f"/help/{article.id}?thanks={helpful}")
