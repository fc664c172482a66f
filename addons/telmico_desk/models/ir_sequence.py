from odoo import api, models, tools


class IrSequence(models.Model):
    _name = "ir.sequence"
    # a change to them clears the registry's cache: _telmico_sequence_id
    _inherit = ["ir.sequence", "telmico.cache.mixin"]

    @api.model
    def _telmico_next_by_code(self, sequence_code):
        """``next_by_code`` without searching the sequence each time: the mail gateway draws a request number in
        every transaction. The same sequence (the company's, else a shared one) and the same number."""
        self.browse().check_access("read")
        sequence_id = self._telmico_sequence_id(sequence_code, self.env.company.id)
        return self.browse(sequence_id)._next() if sequence_id else False

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
