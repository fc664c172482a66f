import secrets
from datetime import timedelta

from odoo import api, fields, models

from ..tools import kb_search

SOURCES = [("backend", "Knowledge base screen"), ("portal", "Help pages"), ("request_form", "New request page")]
OUTCOMES = [
    ("pending", "Waiting"),
    ("answered", "Answered (customer said so)"),
    ("left", "No request followed"),
    ("request", "Request opened"),
]
# a query typed further within this time replaces the previous one (searching as you type)
TYPING_SECONDS = 60
DEFLECTION_MINUTES = 60
DEFLECTION_PARAM = "telmico_kb.deflection_minutes"
VISITOR_KEY = "telmico_kb_visitor"
KEEP_DAYS = 365


class TelmicoKbSearchLog(models.Model):
    """One search in the knowledge base: what was typed, how many pages it found, and for customers
    whether a request followed (deflection).

    Searching as you type makes one entry: a query that continues (or corrects) the previous query
    of the same person within a minute replaces it. Customers' searches wait ``pending`` until a
    request is opened (``request``, set by the Desk bridge), the customer says a page answered the
    question (``answered``) or ``telmico_kb.deflection_minutes`` (default 60) pass without a
    request (``left``: the FAQ deflected the request).
    """

    _name = "telmico.kb.search.log"
    _description = "Knowledge base search"
    _order = "create_date desc, id desc"
    _rec_name = "query"

    query = fields.Char(required=True)
    query_key = fields.Char(index=True)
    result_count = fields.Integer(string="Results")
    failed = fields.Boolean(compute="_compute_failed", store=True, index=True)
    source = fields.Selection(SOURCES, required=True, default="backend", index=True)
    user_id = fields.Many2one("res.users", index="btree_not_null", ondelete="set null")
    partner_id = fields.Many2one("res.partner", string="Customer", index="btree_not_null", ondelete="set null")
    visitor = fields.Char(index="btree_not_null", help="The browser session of a customer who is not logged in.")
    article_id = fields.Many2one("telmico.kb.article", string="Answered by", ondelete="set null")
    outcome = fields.Selection(OUTCOMES, index=True)
    deflected = fields.Boolean(compute="_compute_deflected", store=True)

    @api.depends("result_count")
    def _compute_failed(self):
        for log in self:
            log.failed = not log.result_count

    @api.depends("outcome")
    def _compute_deflected(self):
        for log in self:
            log.deflected = log.outcome in ("answered", "left")

    @api.model
    def _kb_log(self, query, result_count, source, partner=None, visitor=None):
        """Keep a search (sudo: readers write the log, only editors read it)."""
        query = (query or "").strip()[:200]
        if not query:
            return self.browse()
        user = self.env.user
        Log = self.sudo()
        who = [("visitor", "=", visitor)] if visitor else [("user_id", "=", user.id)]
        since = fields.Datetime.now() - timedelta(seconds=TYPING_SECONDS)
        last = Log.search([*who, ("source", "=", source), ("create_date", ">=", since)], limit=1)
        key = kb_search.text_key(query)
        values = {"query": query, "query_key": key, "result_count": result_count}
        if last and last.query_key and key and (key.startswith(last.query_key) or last.query_key.startswith(key)):
            last.write(values)
            return last
        values.update(
            {
                "source": source,
                "user_id": False if user._is_public() else user.id,
                "partner_id": partner.id if partner else False,
                "visitor": visitor or False,
                "outcome": "pending" if source != "backend" else False,
            }
        )
        return Log.create(values)

    @api.model
    def _kb_new_visitor(self):
        return secrets.token_urlsafe(16)

    @api.model
    def _kb_deflection_minutes(self):
        # sudo: the deflection window is a system parameter, read for readers and visitors
        value = self.env["ir.config_parameter"].sudo().get_param(DEFLECTION_PARAM)
        return int(value) if value and value.isdigit() else DEFLECTION_MINUTES

    @api.model
    def _kb_customer_logs(self, partner=None, visitor=None):
        """The customer's searches still waiting for an outcome, of the last deflection window."""
        since = fields.Datetime.now() - timedelta(minutes=self._kb_deflection_minutes())
        who = []
        if partner:
            who.append([("partner_id", "=", partner.id)])
        if visitor:
            who.append([("visitor", "=", visitor)])
        if not who:
            return self.browse()
        domain = ["|", *who[0], *who[1]] if len(who) == 2 else who[0]
        # sudo: readers and visitors find their own pending searches in a log only editors may read
        return self.sudo().search([*domain, ("outcome", "=", "pending"), ("create_date", ">=", since)])

    @api.model
    def _kb_mark_request(self, partner=None, visitor=None):
        """A customer opened a request: their recent searches did not deflect it."""
        logs = self._kb_customer_logs(partner, visitor)
        logs.write({"outcome": "request"})
        return logs

    @api.model
    def _kb_mark_answered(self, article, partner=None, visitor=None):
        """The customer says this page answered the question."""
        logs = self._kb_customer_logs(partner, visitor)
        logs.write({"outcome": "answered", "article_id": article.id})
        return logs

    @api.model
    def _cron_close_deflection(self):
        """Customers' searches with no request within the window: the FAQ deflected them."""
        limit = fields.Datetime.now() - timedelta(minutes=self._kb_deflection_minutes())
        self.search([("outcome", "=", "pending"), ("create_date", "<", limit)]).write({"outcome": "left"})
        self.search([("create_date", "<", fields.Datetime.now() - timedelta(days=KEEP_DAYS))]).unlink()
