from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..tools import kb_search


class TelmicoKbSynonym(models.Model):
    """Words the editors declare equivalent for the search ("ვალი, დავალიანება, debt").

    A query word that is one of them also finds the pages with the others. Synonyms apply at
    search time: editing them needs no re-indexing.
    """

    _name = "telmico.kb.synonym"
    # a change to them clears the registry's cache (the search's synonyms are cached there)
    _inherit = ["telmico.cache.mixin"]
    _description = "Knowledge base synonyms"
    _order = "name"

    name = fields.Char(
        string="Words",
        required=True,
        help="Words or phrases with the same meaning, separated by commas, e.g. ვალი, დავალიანება, debt.",
    )
    note = fields.Char()
    active = fields.Boolean(default=True)

    @api.constrains("name")
    def _check_name(self):
        for synonym in self:
            if len(synonym._kb_phrases()) < 2:
                raise ValidationError(self.env._("Give at least two words or phrases, separated by commas."))

    def _kb_phrases(self):
        """The group's phrases, each a tuple of word stems."""
        self.ensure_one()
        phrases = set()
        for term in (self.name or "").split(","):
            words = tuple(kb_search.stem(kb_search.word_key(word)) for word in kb_search.WORD_RE.findall(term))
            if any(words):
                phrases.add(words)
        return phrases

    @api.model
    @tools.ormcache()
    def _kb_synonym_map(self):
        """{word stem: the phrases (tuples of stems) it is equivalent to}, for every active group."""
        mapping = {}
        # sudo: the map is the same for every reader of the knowledge base; only editors change it
        for synonym in self.sudo().search([]):
            phrases = synonym._kb_phrases()
            for phrase in phrases:
                if len(phrase) == 1:
                    mapping.setdefault(phrase[0], set()).update(phrases)
        return {stem: tuple(sorted(phrases)) for stem, phrases in mapping.items()}
