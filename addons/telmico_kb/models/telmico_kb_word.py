import re

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

CORRECTIONS = 3
MIN_SIMILARITY = 0.35


class TelmicoKbWord(models.Model):
    """The vocabulary of the knowledge base (search keys of every word of every page), to correct typos.

    Filled as pages are saved (``_kb_learn``); words of deleted text stay until ``_kb_rebuild``
    (monthly cron), which only costs a useless correction now and then. Read by SQL only.
    """

    _name = "telmico.kb.word"
    _description = "Knowledge base search word"
    _log_access = False

    name = fields.Char(required=True, index="trigram")

    _sql_constraints = [("name_uniq", "unique(name)", "The word is known already.")]

    def init(self):
        result = super().init()
        # prefix look-ups (LIKE 'tarip%') whatever the collation of the database
        create_index(self.env.cr, "telmico_kb_word_name_prefix_idx", self._table, ["name text_pattern_ops"])
        return result

    @api.model
    def _kb_learn(self, articles):
        self.env.cr.execute(
            SQL(
                """INSERT INTO telmico_kb_word (name)
                   SELECT DISTINCT word
                     FROM telmico_kb_article AS article,
                          unnest(tsvector_to_array(article.search_vector)) AS word
                    WHERE article.id IN %s AND length(word) BETWEEN 3 AND 40
                   ON CONFLICT (name) DO NOTHING""",
                tuple(articles.ids),
            )
        )

    @api.model
    def _kb_rebuild(self):
        """The vocabulary again from the pages as they are (the monthly cron)."""
        self.env["telmico.kb.article"].flush_model()
        self.env.cr.execute(SQL("DELETE FROM telmico_kb_word"))
        self.env.cr.execute(
            SQL(
                """INSERT INTO telmico_kb_word (name)
                   SELECT DISTINCT word
                     FROM telmico_kb_article AS article,
                          unnest(tsvector_to_array(article.search_vector)) AS word
                    WHERE length(word) BETWEEN 3 AND 40
                   ON CONFLICT (name) DO NOTHING"""
            )
        )

    @api.model
    def _kb_unknown(self, stems):
        """The stems that start no known word (typos, or words no page has)."""
        stems = sorted(stems)
        if not stems:
            return set()
        checks = SQL(" UNION ALL ").join(
            SQL(
                "SELECT %s::varchar WHERE NOT EXISTS (SELECT 1 FROM telmico_kb_word WHERE name LIKE %s)",
                stem,
                re.sub(r"([\\%_])", r"\\\1", stem) + "%",
            )
            for stem in stems
        )
        self.env.cr.execute(checks)
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _kb_corrections(self, keys):
        """The known words closest to these search keys (trigram similarity, GIN index), best first."""
        keys = [key for key in keys if len(key) >= 3]
        if not keys:
            return []
        cr = self.env.cr
        # the index keeps only the close words (its default threshold, 0.3, lets many more through);
        # the setting is put back as it was right after
        cr.execute(
            SQL(
                """WITH previous AS MATERIALIZED (
                       SELECT coalesce(current_setting('pg_trgm.similarity_threshold', true), '0.3') AS threshold
                   )
                   SELECT threshold, set_config('pg_trgm.similarity_threshold', %s, true) FROM previous""",
                str(MIN_SIMILARITY),
            )
        )
        previous = cr.fetchone()[0]
        found = {}
        try:
            for key in keys:
                # a constant query with parameters ("%%" is pg_trgm's similarity operator, `name % key`)
                cr.execute(
                    """SELECT name, similarity(name, %s) AS score
                         FROM telmico_kb_word
                        WHERE name %% %s
                     ORDER BY score DESC, name
                        LIMIT %s""",
                    (key, key, CORRECTIONS),
                )
                for name, score in cr.fetchall():
                    if score >= MIN_SIMILARITY:
                        found[name] = max(score, found.get(name, 0))
        finally:
            cr.execute(SQL("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", previous))
        return sorted(found, key=lambda name: (-found[name], name))[:CORRECTIONS]
