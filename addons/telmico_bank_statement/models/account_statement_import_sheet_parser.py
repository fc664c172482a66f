from odoo import api, models


class AccountStatementImportSheetParser(models.TransientModel):
    _inherit = "account.statement.import.sheet.parser"

    @api.model
    def _convert_line_to_transactions(self, line):
        """The bank's transaction id is the line's reference and its import key (not OCA's id + timestamp: an
        overlapping export of another day still finds the entry)."""
        transactions = super()._convert_line_to_transactions(line)
        reference = str(line.get("transaction_id") or "").strip()
        for transaction in transactions:
            if reference:
                transaction["telmico_bank_reference"] = reference
                transaction["unique_import_id"] = reference
            else:
                transaction.pop("unique_import_id", None)
        return transactions
