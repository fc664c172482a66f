from odoo import models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def _statement_line_import_update_hook(self, st_line_vals, speeddict):
        """The client named by number in the remittance text becomes the line's partner."""
        super()._statement_line_import_update_hook(st_line_vals, speeddict)
        if st_line_vals.get("partner_id"):
            return
        text = "\n".join(str(st_line_vals.get(key) or "") for key in ("payment_ref", "ref", "narration"))
        partners = self.env["account.bank.statement.line"]._telmico_partners_in(text)
        if len(partners) == 1:
            st_line_vals["partner_id"] = partners.id
