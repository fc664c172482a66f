from collections import namedtuple
from contextlib import contextmanager

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.mail import html_to_inner_content, is_html_empty
from odoo.tools.sql import column_exists, create_index

from ..tools import kb_search

KINDS = [("article", "Article"), ("script", "Script"), ("news", "News")]
STATES = [("draft", "Draft"), ("review", "In review"), ("published", "Published")]
VALIDITIES = [("current", "Current"), ("previous", "Previous"), ("upcoming", "Upcoming")]
# what a version keeps; changing any of them makes a new version
CONTENT_FIELDS = ("name", "summary", "body", "answer", "keywords", "date_from", "date_to")
SEARCH_FIELDS = ("search_title", "search_keywords", "search_body")
# ts_rank weights of the body (C), keywords (B) and title (A); D is unused
RANK_WEIGHTS = [0.05, 0.2, 0.5, 1.0]
HEAD_WEIGHTS = [0.0, 0.0, 0.4, 1.0]
# pages matching in their text only: so many of them are ranked (bounds the work on common words)
BODY_CANDIDATES = 100
# matches are counted up to this (the screen shows "200+")
COUNT_CAP = 200
# a tariff or rule no longer valid still shows, below the current ones
PREVIOUS_FACTOR = 0.8
MAX_LIMIT = 100

Found = namedtuple("Found", "records ranks count prefixes partial corrections")
Prepared = namedtuple("Prepared", "tsquery prefixes corrections terms")


class TelmicoKbArticle(models.Model):
    """A page of the knowledge base: reference article, answer script or news item.

    Search (see ``_kb_find``): the title, the keywords (with the tags and the category) and the
    text (summary, answer, body) are stored as *search keys* (Georgian and every Latin spelling
    folded to one lower-case ASCII form, ``telmico_base.tools.georgian.search_key``) in
    ``search_title``, ``search_keywords`` and ``search_body``. PostgreSQL keeps a weighted
    ``tsvector`` of them in the generated column ``search_vector`` (title A, keywords B, text C)
    with a GIN index; a query word becomes the prefix of its stem, synonyms maintained by the
    editors join it as alternatives, and a word no article has is corrected from the trigram index
    of known words (``telmico.kb.word``). Ranking is ``ts_rank`` with weights title > keywords > body.
    """

    _name = "telmico.kb.article"
    _description = "Knowledge base article"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name, id"
    _rec_names_search = ["name", "keywords"]

    name = fields.Char(string="Title", required=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, default="article", tracking=True, index=True)
    category_id = fields.Many2one("telmico.kb.category", tracking=True, index="btree_not_null", ondelete="restrict")
    tag_ids = fields.Many2many("telmico.kb.tag", string="Tags")
    keywords = fields.Char(
        tracking=True,
        help="Words and phrases, separated by commas, that should find this page (ranked above its text).",
    )
    summary = fields.Text(help="One or two sentences shown in the search results and the suggestions.")
    body = fields.Html(string="Content")
    answer = fields.Html(
        string="Answer to the customer",
        help="What the operator says or sends: the text inserted into a reply (scripts).",
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Files")
    state = fields.Selection(STATES, required=True, default="draft", tracking=True, index=True, copy=False)
    active = fields.Boolean(default=True)
    public = fields.Boolean(
        string="Public FAQ",
        tracking=True,
        help="Shown to customers in the help pages and the personal cabinet once published.",
    )
    sequence = fields.Integer(default=10)
    date_from = fields.Date(string="Valid from", tracking=True)
    date_to = fields.Date(string="Valid until", tracking=True, index="btree_not_null")
    validity = fields.Selection(VALIDITIES, compute="_compute_validity", search="_search_validity")
    important = fields.Boolean(tracking=True, help="News every agent should read and confirm.")
    ivr_codes = fields.Char(
        string="IVR choices",
        help="Menu choices of the phone line this page answers, separated by commas (e.g. 2, 2-1): "
        "the call centre suggests it to the operator who takes such a call.",
    )
    date_published = fields.Datetime(string="Published on", readonly=True, copy=False)
    published_uid = fields.Many2one("res.users", string="Published by", readonly=True, copy=False)
    version = fields.Integer(readonly=True, copy=False, default=0)
    version_ids = fields.One2many("telmico.kb.article.version", "article_id", string="Versions")
    version_note = fields.Char(
        string="Change note",
        compute="_compute_version_note",
        inverse="_inverse_version_note",
        help="What you changed: kept with the version this save makes.",
    )
    read_ids = fields.One2many("telmico.kb.news.read", "article_id", string="Read confirmations")
    read_count = fields.Integer(string="Confirmed by", compute="_compute_read_count")
    is_read = fields.Boolean(string="Read by me", compute="_compute_is_read", search="_search_is_read")
    feedback_ids = fields.One2many("telmico.kb.feedback", "article_id")
    view_count = fields.Integer(string="Views", default=0, readonly=True, copy=False)
    helpful_count = fields.Integer(default=0, string="Helpful", readonly=True, copy=False)
    unhelpful_count = fields.Integer(default=0, string="Not helpful", readonly=True, copy=False)
    body_text = fields.Text(compute="_compute_body_text", store=True, prefetch=False)
    search_title = fields.Text(compute="_compute_search_keys", store=True, prefetch=False)
    search_keywords = fields.Text(compute="_compute_search_keys", store=True, prefetch=False)
    search_body = fields.Text(compute="_compute_search_keys", store=True, prefetch=False)

    # ------------------------------------------------------------ compute

    @api.depends("body")
    def _compute_body_text(self):
        for article in self:
            article.body_text = html_to_inner_content(article.body) if article.body else False

    @api.depends("name", "keywords", "tag_ids.name", "category_id.name", "summary", "answer", "body_text")
    def _compute_search_keys(self):
        for article in self:
            article.search_title = kb_search.text_key(article.name)
            article.search_keywords = kb_search.text_key(
                " ".join(filter(None, [article.keywords, *article.tag_ids.mapped("name"), article.category_id.name]))
            )
            answer = html_to_inner_content(article.answer) if article.answer else ""
            article.search_body = kb_search.text_key(
                " ".join(filter(None, [article.summary, answer, article.body_text]))
            )

    def _compute_validity(self):
        today = fields.Date.context_today(self)
        for article in self:
            if article.date_to and article.date_to < today:
                article.validity = "previous"
            elif article.date_from and article.date_from > today:
                article.validity = "upcoming"
            else:
                article.validity = "current"

    def _search_validity(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Validity cannot be searched with %s.", operator))
        today = fields.Date.context_today(self)
        domains = {
            "previous": [("date_to", "<", today)],
            "upcoming": [("date_from", ">", today)],
            "current": [
                "&",
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", today),
                "|",
                ("date_from", "=", False),
                ("date_from", "<=", today),
            ],
        }
        values = {value} if operator in ("=", "!=") else set(value)
        if operator in ("!=", "not in"):
            # the three validities split the pages: the complement is the other ones
            values = set(domains) - values
        return expression.OR([domains[item] for item in values if item in domains]) or expression.FALSE_DOMAIN

    def _compute_version_note(self):
        self.version_note = False

    def _inverse_version_note(self):
        """Nothing to store: ``write`` keeps the note with the version it makes."""

    def _compute_read_count(self):
        # sudo: the number of confirmations is no secret; an agent only reads their own
        counts = dict(
            self.env["telmico.kb.news.read"]
            .sudo()
            ._read_group([("article_id", "in", self.ids)], ["article_id"], ["__count"])
        )
        for article in self:
            article.read_count = counts.get(article._origin, 0)

    def _compute_is_read(self):
        read = (
            self.env["telmico.kb.news.read"]
            .search([("article_id", "in", self.ids), ("user_id", "=", self.env.uid)])
            .article_id
        )
        for article in self:
            article.is_read = article._origin in read

    def _search_is_read(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Read by me cannot be searched with %s.", operator))
        mine = self.env["telmico.kb.news.read"]._search([("user_id", "=", self.env.uid)]).subselect("article_id")
        inside = (operator == "=") == bool(value)
        return [("id", "in" if inside else "not in", mine)]

    # ------------------------------------------------------------ constraints

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for article in self:
            if article.date_from and article.date_to and article.date_to < article.date_from:
                raise ValidationError(
                    self.env._("%s cannot stop being valid before it starts: check its dates.", article.name)
                )

    @api.constrains("ivr_codes")
    def _check_ivr_codes(self):
        for article in self:
            if any(" " in code for code in article._kb_ivr_codes()):
                raise ValidationError(
                    self.env._("IVR choices are codes separated by commas, e.g. 2, 2-1 (no spaces inside a code).")
                )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        notes = [vals.pop("version_note", False) for vals in vals_list]
        articles = super().create(vals_list)
        for article, note in zip(articles, notes, strict=True):
            article._kb_make_version(note or self.env._("Created"))
        articles._kb_learn_words()
        return articles

    def write(self, vals):
        vals = dict(vals)
        note = vals.pop("version_note", False)
        content = set(CONTENT_FIELDS) & set(vals)
        before = {article.id: article._kb_content() for article in self} if content else {}
        result = super().write(vals)
        if content:
            for article in self.filtered(lambda a: a._kb_content() != before[a.id]):
                article._kb_make_version(note)
        if content or {"tag_ids", "category_id"} & set(vals):
            self._kb_learn_words()
        return result

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if default is None or "name" not in default:
            for article, vals in zip(self, vals_list, strict=True):
                vals["name"] = self.env._("%s (copy)", article.name)
        return vals_list

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values and self.state == "review":
            return self.env.ref("telmico_kb.mt_article_review")
        if "state" in init_values and self.state == "published":
            return self.env.ref("telmico_kb.mt_article_published")
        return super()._track_subtype(init_values)

    def init(self):
        result = super().init()
        cr = self.env.cr
        if not column_exists(cr, self._table, "search_vector"):
            # a weighted tsvector of the stored search keys, kept up to date by PostgreSQL itself
            cr.execute(
                SQL(
                    """ALTER TABLE %s ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                           setweight(to_tsvector('simple', coalesce(search_title, '')), 'A')
                        || setweight(to_tsvector('simple', coalesce(search_keywords, '')), 'B')
                        || setweight(to_tsvector('simple', coalesce(search_body, '')), 'C')
                    ) STORED""",
                    SQL.identifier(self._table),
                )
            )
        if not column_exists(cr, self._table, "head_vector"):
            # the title and the keywords alone: small, so ranking the pages that match there is cheap
            cr.execute(
                SQL(
                    """ALTER TABLE %s ADD COLUMN head_vector tsvector GENERATED ALWAYS AS (
                           setweight(to_tsvector('simple', coalesce(search_title, '')), 'A')
                        || setweight(to_tsvector('simple', coalesce(search_keywords, '')), 'B')
                    ) STORED""",
                    SQL.identifier(self._table),
                )
            )
            # the title vector stays in the row: ranking the title/keyword matches never unpacks TOAST
            cr.execute(SQL("ALTER TABLE %s ALTER COLUMN head_vector SET STORAGE MAIN", SQL.identifier(self._table)))
        # the long texts (body, its keys and vector) go to TOAST: narrow rows, fewer pages per search
        cr.execute(SQL("ALTER TABLE %s SET (toast_tuple_target = 256)", SQL.identifier(self._table)))
        create_index(cr, "telmico_kb_article_search_vector_idx", self._table, ["search_vector"], method="gin")
        create_index(cr, "telmico_kb_article_head_vector_idx", self._table, ["head_vector"], method="gin")
        return result

    # ------------------------------------------------------------ actions

    def action_submit_review(self):
        for article in self:
            if article.state != "draft":
                raise UserError(self.env._("Only a draft can be sent for review: %s.", article.name))
            article._kb_check_complete()
        self.write({"state": "review"})
        return True

    def action_publish(self):
        """Publish: the page is shown to every agent (and to customers when it is a public FAQ)."""
        for article in self:
            if article.state == "published":
                raise UserError(self.env._("%s is already published.", article.name))
            article._kb_check_complete()
        news = self.filtered(lambda a: a.kind == "news")
        self.write({"state": "published", "date_published": fields.Datetime.now(), "published_uid": self.env.uid})
        for article in self:
            # sudo: versions are the system's record; editors read them but never write them
            article.version_ids.sudo().sorted("number", reverse=True)[:1].write({"published": True})
        if news:
            news._kb_news_published()
        return True

    def action_back_to_draft(self):
        """Unpublish (or take back from review): the page is hidden from agents and customers until published again."""
        self.filtered(lambda a: a.state != "draft").write({"state": "draft"})
        return True

    def action_confirm_read(self):
        """I have read this news item (kept once per agent)."""
        unread = self.filtered(lambda a: a.kind == "news" and not a.is_read)
        if unread:
            self.env["telmico.kb.news.read"].create([{"article_id": a.id, "user_id": self.env.uid} for a in unread])
            self.invalidate_recordset(["is_read", "read_count"])
        return True

    def action_open_versions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Versions of %s", self.name),
            "res_model": "telmico.kb.article.version",
            "view_mode": "list,form",
            "domain": [("article_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_open_reads(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Read confirmations of %s", self.name),
            "res_model": "telmico.kb.news.read",
            "view_mode": "list",
            "domain": [("article_id", "=", self.id)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------ versions

    def _kb_content(self):
        self.ensure_one()
        return tuple(str(self[name] or "") for name in CONTENT_FIELDS)

    def _kb_make_version(self, note=False):
        self.ensure_one()
        number = self.version + 1
        # sudo: versions are the system's record of every change; nobody writes them by hand
        self.env["telmico.kb.article.version"].sudo().create(
            {
                "article_id": self.id,
                "number": number,
                "name": self.name,
                "summary": self.summary,
                "body": self.body,
                "answer": self.answer,
                "keywords": self.keywords,
                "date_from": self.date_from,
                "date_to": self.date_to,
                "author_id": self.env.uid,
                "note": note or False,
            }
        )
        self.version = number

    def _kb_check_complete(self):
        if is_html_empty(self.body) and is_html_empty(self.answer) and not self.summary:
            raise ValidationError(self.env._("%s has no content yet: write its text or its answer.", self.name))

    def _kb_news_published(self):
        """Hook: news items were just published (the Desk bridge refreshes the agents' counters)."""

    # ------------------------------------------------------------ search

    def _kb_learn_words(self):
        """Add the words of these articles to the vocabulary that corrects typos."""
        if self:
            self.flush_recordset(list(SEARCH_FIELDS))
            self.env["telmico.kb.word"]._kb_learn(self)

    @api.model
    def _kb_prepare(self, text, operator="&", max_terms=12):
        """The tsquery of a typed text with its alternatives, or None when it has no word to search.

        Each word matches by the prefix of its stem; editors' synonyms are alternatives; a word
        that starts no known word is a typo: the closest known words (trigram similarity) replace it.
        """
        terms = kb_search.query_terms(text, max_terms=max_terms)
        if not terms:
            return None
        Word = self.env["telmico.kb.word"]
        synonyms = self.env["telmico.kb.synonym"]._kb_synonym_map()
        unknown = Word._kb_unknown({stem for term in terms for stem in term.stems})
        groups, prefixes, corrections = [], set(), {}
        for term in terms:
            alternatives = {(stem,) for stem in term.stems}
            for stem in term.stems:
                alternatives.update(synonyms.get(stem, ()))
            if all(stem in unknown for stem in term.stems) and len(alternatives) == len(term.stems):
                fixes = Word._kb_corrections(term.keys)
                if fixes:
                    corrections[term.text] = fixes
                    alternatives.update((kb_search.stem(fix),) for fix in fixes)
            groups.append(alternatives)
            prefixes.update(word for phrase in alternatives for word in phrase)
        return Prepared(kb_search.tsquery_text(groups, operator), prefixes, corrections, terms)

    @api.model
    def _kb_rank_sql(self, alias, column, tsquery, weights, today):
        """ts_rank of a vector column, lowered for pages no longer valid."""
        return SQL(
            "ts_rank(%s::float4[], %s, %s) * (CASE WHEN %s < %s THEN %s ELSE 1.0 END)",
            weights,
            SQL.identifier(alias, column),
            tsquery,
            SQL.identifier(alias, "date_to"),
            today,
            PREVIOUS_FACTOR,
        )

    @api.model
    def _kb_matching(self, domain, column, tsquery, exclude_column=None):
        """The query of the readable pages of ``domain`` whose ``column`` matches (record rules applied)."""
        query = self._search(domain or [])
        if query.is_empty():
            return None
        alias = query.table
        query.add_where(SQL("%s @@ %s", SQL.identifier(alias, column), tsquery))
        if exclude_column:
            query.add_where(SQL("NOT (%s @@ %s)", SQL.identifier(alias, exclude_column), tsquery))
        return query

    @contextmanager
    def _kb_bitmap_scans(self):
        """Make PostgreSQL read matches through the GIN indexes (bitmap scans) while it searches.

        The planner does not count the cost of de-TOASTing each page's text vector: for a common
        word it prefers a sequential scan (or the scan of another index) that unpacks thousands of
        vectors, ten times slower than the bitmap of the GIN index. The settings are local to the
        transaction and put back as they were right after.
        """
        cr = self.env.cr
        cr.execute(
            SQL(
                """WITH previous AS MATERIALIZED (
                       SELECT current_setting('enable_seqscan') AS seqscan,
                              current_setting('enable_indexscan') AS indexscan
                   )
                   SELECT seqscan, indexscan, set_config('enable_seqscan', 'off', true),
                          set_config('enable_indexscan', 'off', true)
                     FROM previous"""
            )
        )
        seqscan, indexscan, *_set = cr.fetchone()
        try:
            yield
        finally:
            cr.execute(
                SQL(
                    "SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)",
                    seqscan,
                    indexscan,
                )
            )

    @api.model
    def _kb_query(self, tsquery_text, domain=None, limit=20, offset=0, count=True):
        """Ids and scores of the readable pages of ``domain`` matching the tsquery, best first, and their number.

        Two stages, each bounded whatever the number of matches: the pages whose title or keywords
        match, ranked by ``ts_rank`` of ``head_vector`` (title A, keywords B: a title match first);
        then, when they are too few, pages that match in their text only: ``BODY_CANDIDATES`` of
        them ranked by ``ts_rank`` of their text (then the most read). Title/keyword matches score
        above 1, text matches below 1. The number of matches is counted up to ``COUNT_CAP`` + 1.
        """
        self.flush_model()
        tsquery = SQL("to_tsquery('simple', %s)", tsquery_text)
        today = fields.Date.context_today(self)
        wanted = offset + limit
        with self._kb_bitmap_scans():
            total = None
            if count:
                query = self._kb_matching(domain, "search_vector", tsquery)
                if query is None:
                    return [], 0
                query.limit = COUNT_CAP + 1
                total = self.env.execute_query(SQL("SELECT count(*) FROM (%s) AS found", query.select(SQL("1"))))[0][0]
                if not total:
                    return [], 0
            rows = []
            query = self._kb_matching(domain, "head_vector", tsquery)
            if query is not None:
                alias = query.table
                rank = self._kb_rank_sql(alias, "head_vector", tsquery, HEAD_WEIGHTS, today)
                query.order = SQL(
                    "2 DESC, %s DESC NULLS LAST, %s DESC",
                    SQL.identifier(alias, "view_count"),
                    SQL.identifier(alias, "id"),
                )
                query.limit = wanted
                found = self.env.execute_query(query.select(SQL.identifier(alias, "id"), rank))
                rows = [(id_, 1.0 + score) for id_, score in found]
            if len(rows) < wanted:
                query = self._kb_matching(domain, "search_vector", tsquery, exclude_column="head_vector")
                if query is not None:
                    alias = query.table
                    query.limit = BODY_CANDIDATES
                    ranked = self.env.execute_query(
                        SQL(
                            """SELECT article.id, %(rank)s
                                 FROM %(table)s AS article
                                WHERE article.id IN %(candidates)s
                             ORDER BY 2 DESC, article.view_count DESC NULLS LAST, article.id DESC
                                LIMIT %(limit)s""",
                            rank=self._kb_rank_sql("article", "search_vector", tsquery, RANK_WEIGHTS, today),
                            table=SQL.identifier(self._table),
                            candidates=query.subselect(SQL.identifier(alias, "id")),
                            limit=wanted - len(rows),
                        )
                    )
                    rows += [(id_, min(score, 0.99)) for id_, score in ranked]
        rows = rows[offset:wanted]
        return rows, total if count else len(rows)

    @api.model
    def _kb_find(self, text, domain=None, limit=20, offset=0):
        """The readable articles of ``domain`` for a typed query, best first.

        Every word must match (AND); when nothing has them all, the pages with some of them are
        given (``partial``).
        """
        prepared = self._kb_prepare(text)
        if not prepared:
            return Found(self.browse(), {}, 0, set(), False, {})
        rows, count = self._kb_query(prepared.tsquery, domain, limit, offset)
        partial = False
        if not rows and not offset and len(prepared.terms) > 1:
            prepared = self._kb_prepare(text, operator="|")
            rows, count = self._kb_query(prepared.tsquery, domain, limit, offset)
            partial = bool(rows)
        records = self.browse([row[0] for row in rows])
        return Found(records, dict(rows), count, prepared.prefixes, partial, prepared.corrections)

    @api.model
    def _kb_suggest(self, text="", templates=None, ivr_choice=None, limit=5):
        """The published pages that best answer a contact, best first, with their scores.

        :param text: what the customer asked (subject, description, chat or call transcript)
        :param templates: service templates chosen for the contact (used by the Desk bridge)
        :param ivr_choice: the choice the caller made in the phone menu (matched to *IVR choices*)
        :return: list of (article, score)
        """
        domain = [("state", "=", "published"), ("kind", "in", ("script", "article")), ("validity", "!=", "previous")]
        scores = {}
        prepared = self._kb_prepare(text, operator="|", max_terms=24) if text else None
        if prepared:
            rows, _count = self._kb_query(prepared.tsquery, domain, limit=limit * 4, count=False)
            best = rows[0][1] if rows and rows[0][1] else 1.0
            for article_id, rank in rows:
                scores[article_id] = rank / best
        for article_id, boost in self._kb_suggest_boosts(domain, templates, ivr_choice):
            scores[article_id] = scores.get(article_id, 0.0) + boost
        articles = self.browse(list(scores))
        for article in articles.filtered(lambda a: a.kind == "script"):
            scores[article.id] += 0.1  # an answer script is what the operator needs first
        ranked = sorted(articles, key=lambda a: (-scores[a.id], a.id))[:limit]
        return [(article, scores[article.id]) for article in ranked]

    @api.model
    def _kb_suggest_boosts(self, domain, templates, ivr_choice):
        """(article id, score added) for pages chosen by the contact's context rather than by its text."""
        code = (ivr_choice or "").strip()
        if not code:
            return []
        candidates = self.search([*domain, ("ivr_codes", "ilike", code)], limit=50)
        return [(article.id, 1.0) for article in candidates if code in article._kb_ivr_codes()]

    def _kb_ivr_codes(self):
        self.ensure_one()
        return [code.strip() for code in (self.ivr_codes or "").split(",") if code.strip()]

    # ------------------------------------------------------------ API of the screens

    @api.model
    def kb_search(self, query, kind=None, category_id=None, limit=20, offset=0, log=True):
        """The search of the knowledge-base screen: results with highlighted titles and snippets."""
        domain = []
        if kind in dict(KINDS):
            domain.append(("kind", "=", kind))
        if category_id:
            domain.append(("category_id", "child_of", int(category_id)))
        limit = max(1, min(int(limit or 20), MAX_LIMIT))
        found = self._kb_find(query, domain, limit=limit, offset=max(0, int(offset or 0)))
        found.records.fetch(["name", "summary", "body_text", "kind", "category_id", "date_from", "date_to"])
        if log and found.prefixes and not offset:
            self.env["telmico.kb.search.log"]._kb_log(query, found.count, "backend")
        return {
            "count": min(found.count, COUNT_CAP),
            "more": found.count > COUNT_CAP,
            "partial": found.partial,
            "corrections": sorted({fix for fixes in found.corrections.values() for fix in fixes}),
            "results": found.records._kb_results(found.prefixes),
        }

    @api.model
    def _kb_public_domain(self):
        """The pages customers see: published and marked public (their record rules say so too)."""
        return [("state", "=", "published"), ("public", "=", True)]

    @api.model
    def _kb_help_search(self, text, source="portal", partner=None, visitor=None, limit=20):
        """A customer's search of the public pages (help pages, new-request form), logged for deflection."""
        found = self._kb_find(text, self._kb_public_domain(), limit=limit)
        found.records.fetch(["name", "summary", "body_text", "kind", "date_from", "date_to"])
        if found.prefixes:
            self.env["telmico.kb.search.log"]._kb_log(text, found.count, source, partner=partner, visitor=visitor)
        if found.count > COUNT_CAP:
            count_text = self.env._("More than %s answers found", COUNT_CAP)
        elif found.count == 1:
            count_text = self.env._("1 answer found")
        else:
            count_text = self.env._("%s answers found", found.count)
        return {
            "results": found.records._kb_results(found.prefixes),
            "count": min(found.count, COUNT_CAP),
            "count_text": count_text,
            "partial": found.partial,
        }

    @api.model
    def kb_suggest(self, text="", template_ids=None, ivr_choice=None, limit=5):
        """Suggested pages for a contact (for the call centre's screen pop and the Desk), best first.

        :param text: what the customer said or wrote
        :param template_ids: ids of the chosen service templates (with the Desk bridge installed)
        :param ivr_choice: the caller's phone-menu choice, e.g. "2-1"
        :return: list of dicts: id, name, kind, category, summary, answer (plain text), score
        """
        templates = None
        if template_ids and "telmico.service.template" in self.env:
            templates = self.env["telmico.service.template"].browse([int(i) for i in template_ids]).exists()
        suggestions = self._kb_suggest(text, templates, ivr_choice, limit=max(1, min(int(limit or 5), 20)))
        return [
            {
                "id": article.id,
                "name": article.name,
                "kind": article.kind,
                "category": article.category_id.complete_name or "",
                "summary": article.summary or "",
                "answer": article._kb_answer_text(),
                "score": round(score, 4),
            }
            for article, score in suggestions
        ]

    @api.model
    def kb_home(self):
        """What the knowledge-base screen shows before a search: news to read, popular and recent pages."""
        news_domain = [("kind", "=", "news"), ("state", "=", "published")]
        unread = self.search_count([*news_domain, ("is_read", "=", False)])
        news = self.search(news_domain, order="date_published desc, id desc", limit=6)
        pages = [("state", "=", "published"), ("kind", "!=", "news")]
        return {
            "unread_count": unread,
            "news": news._kb_results(),
            "popular": self.search(pages, order="view_count desc, id desc", limit=8)._kb_results(),
            "recent": self.search(pages, order="write_date desc, id desc", limit=8)._kb_results(),
            "can_edit": self.env.user.has_group("telmico_kb.group_kb_editor"),
        }

    def kb_read(self):
        """The page as the reader shows it; counts a view."""
        self.ensure_one()
        self.check_access("read")
        self._kb_count_view()
        return self._kb_reader_data()

    def kb_feedback(self, helpful, comment=None):
        """Was this helpful? One answer of the current user (or customer), counted on the page."""
        self.ensure_one()
        self.check_access("read")
        self._kb_record_feedback(bool(helpful), comment, "portal" if self.env.user._is_public() else "backend")
        return {"helpful_count": self.helpful_count, "unhelpful_count": self.unhelpful_count}

    # ------------------------------------------------------------ helpers

    def _kb_count_view(self):
        # a counter, not a change of the page: no write_date, no tracking, no write access needed
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET view_count = COALESCE(view_count, 0) + 1 WHERE id IN %s",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["view_count"])

    def _kb_record_feedback(self, helpful, comment=None, source="backend"):
        self.ensure_one()
        user = self.env.user
        # sudo: readers (agents, customers, visitors) leave feedback but may not read anybody else's
        self.env["telmico.kb.feedback"].sudo().create(
            {
                "article_id": self.id,
                "helpful": helpful,
                "comment": (comment or "").strip()[:2000] or False,
                "user_id": False if user._is_public() else user.id,
                "source": source,
            }
        )
        column = "helpful_count" if helpful else "unhelpful_count"
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = COALESCE(%s, 0) + 1 WHERE id = %s",
                SQL.identifier(self._table),
                SQL.identifier(column),
                SQL.identifier(column),
                self.id,
            )
        )
        self.invalidate_recordset([column])

    def _kb_answer_text(self):
        self.ensure_one()
        return html_to_inner_content(self.answer) if not is_html_empty(self.answer) else (self.summary or "")

    def _kb_answer_html(self):
        """The answer as HTML for a reply: the answer, else the summary."""
        self.ensure_one()
        if not is_html_empty(self.answer):
            return self.answer
        return Markup("<p>%s</p>") % (self.summary or self.name)

    def _kb_labels(self):
        return {
            "kind": dict(self._fields["kind"]._description_selection(self.env)),
            "validity": dict(self._fields["validity"]._description_selection(self.env)),
        }

    def _kb_badges(self, labels=None):
        self.ensure_one()
        labels = labels or self._kb_labels()
        dated = bool(self.date_from or self.date_to)
        return {
            "kind": self.kind,
            "kind_label": labels["kind"][self.kind],
            "validity": self.validity if dated else False,
            "validity_label": labels["validity"][self.validity] if dated else "",
            "date_from": fields.Date.to_string(self.date_from) if self.date_from else False,
            "date_to": fields.Date.to_string(self.date_to) if self.date_to else False,
        }

    def _kb_results(self, prefixes=()):
        """The search results of these pages, in their order (see ``_kb_result_data``)."""
        labels = self._kb_labels()
        read = self.filtered(lambda a: a.kind == "news").filtered("is_read")
        return [article._kb_result_data(prefixes, labels, article in read) for article in self]

    def _kb_category_name(self):
        # sudo: the category name of a page the reader may read (customers may not read categories)
        return self.sudo().category_id.complete_name or ""

    def _kb_result_data(self, prefixes=(), labels=None, read=True):
        """A search result: title and snippet as escaped HTML with the matched words marked."""
        self.ensure_one()
        snippet = kb_search.highlight(self.summary, prefixes) if self.summary else ""
        if not self.summary or (prefixes and "<mark>" not in snippet and self.body_text):
            # the snippet shows where the words are: the summary when it has them, else the text
            text_snippet = kb_search.highlight(self.body_text or "", prefixes)
            if not self.summary or "<mark>" in text_snippet:
                snippet = text_snippet
        return {
            "id": self.id,
            "name": self.name,
            "title": kb_search.highlight(self.name, prefixes, whole=True),
            "snippet": snippet,
            "category": self._kb_category_name(),
            "state": self.state,
            "public": self.public,
            "important": self.important,
            "is_read": read if self.kind == "news" else True,
            "date_published": fields.Datetime.to_string(self.date_published) if self.date_published else False,
            **self._kb_badges(labels),
        }

    def _kb_reader_data(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "category": self._kb_category_name(),
            # sudo: the names of the tags of a page the reader may read (customers may not read tags)
            "tags": self.sudo().tag_ids.mapped("name"),
            "summary": self.summary or "",
            "body": self.body or "",
            "answer": "" if is_html_empty(self.answer) else self.answer,
            "answer_text": self._kb_answer_text(),
            "attachments": [{"id": a.id, "name": a.name} for a in self.attachment_ids],
            "state": self.state,
            "public": self.public,
            "important": self.important,
            "is_news": self.kind == "news",
            "is_read": self.is_read,
            "view_count": self.view_count,
            "helpful_count": self.helpful_count,
            "unhelpful_count": self.unhelpful_count,
            "version": self.version,
            "updated": fields.Datetime.to_string(self.write_date),
            "updated_by": self.write_uid.name or "",
            "can_edit": self.env.user.has_group("telmico_kb.group_kb_editor"),
            **self._kb_badges(),
        }
