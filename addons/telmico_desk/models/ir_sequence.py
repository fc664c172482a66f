from odoo import api, models, tools

# What Odoo's ``_next`` reads of a sequence to draw and format a number (a query of the sequence's every column in
# each transaction): kept in the registry's cache with the sequence's id
NEXT_FIELDS = ("use_date_range", "implementation", "prefix", "suffix", "padding", "number_increment")


class IrSequence(models.Model):
    _name = "ir.sequence"
    # a change to them clears the registry's cache: _telmico_sequence_id, _telmico_next_values
    _inherit = ["ir.sequence", "telmico.cache.mixin"]

    @api.model
    def _telmico_next_by_code(self, sequence_code):
        """``next_by_code`` without searching and reading the sequence each time: the mail gateway draws a request
        number in every transaction. The same sequence (the company's, else a shared one) and the same number."""
        self.browse().check_access("read")
        sequence_id = self._telmico_sequence_id(sequence_code, self.env.company.id)
        if not sequence_id:
            return False
        sequence = self.browse(sequence_id)
        sequence._telmico_cache_next_values()
        return sequence._next()

    @tools.ormcache("sequence_code", "company_id")
    def _telmico_sequence_id(self, sequence_code, company_id):
        """The sequence ``next_by_code`` would use for this code and company (kept until a sequence changes)."""
        # sudo: the id only; next_by_code checks the access before drawing, as Odoo does
        sequence = (
            self.sudo()
            .with_company(company_id)
            .search(
                [("code", "=", sequence_code), ("company_id", "in", [company_id, False])], order="company_id", limit=1
            )
        )
        return sequence.id

    def _telmico_cache_next_values(self):
        """Put the sequence's NEXT_FIELDS in this transaction's cache, from the registry's cache."""
        self.ensure_one()
        self._telmico_put_in_cache(NEXT_FIELDS, [self._telmico_next_values(self.id)])

    @tools.ormcache("sequence_id")
    def _telmico_next_values(self, sequence_id):
        """NEXT_FIELDS of the sequence (kept until a sequence changes)."""
        # sudo: what _next reads, after next_by_code's access check
        sequence = self.sudo().browse(sequence_id)
        return tuple(sequence[fname] for fname in NEXT_FIELDS)
