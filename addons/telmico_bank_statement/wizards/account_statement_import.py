import logging

from lxml import etree

from odoo import models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class AccountStatementImport(models.TransientModel):
    _inherit = "account.statement.import"

    def _parse_file(self, data_file):
        """A CAMT file (XML) is read as CAMT whatever the journal's CSV mapping; an XML that is not well formed is
        refused (OCA's parser would recover what it can and import part of it); any failure to read the file
        is one clear error, and nothing is imported."""
        try:
            if data_file.lstrip()[:1] == b"<":
                try:
                    etree.fromstring(data_file, parser=etree.XMLParser(resolve_entities=False, no_network=True))
                except etree.XMLSyntaxError as error:
                    raise UserError(str(error)) from error
                try:
                    return self.env["account.statement.import.camt.parser"].parse(data_file)
                except (ValueError, IndexError, TypeError) as error:
                    raise UserError(str(error)) from error
            return super()._parse_file(data_file)
        except UserError as error:
            _logger.info("Bank statement file %s refused: %s", self.statement_filename, error)
            raise UserError(
                self.env._(
                    "The file %(file)s could not be read as a bank statement: a CAMT.053 XML file or a CSV "
                    "file of a Georgian bank in the columns of the journal's CSV mapping is expected. Nothing "
                    "was imported.\n\nDetails: %(details)s",
                    file=self.statement_filename or "",
                    details=error.args[0] if error.args else "",
                )
            ) from error

    def _complete_stmts_vals(self, stmts_vals, journal, account_number):
        """Every transaction must carry the bank's reference (the key that makes an import idempotent) and an
        amount, once in the file."""
        seen = set()
        for st_vals in stmts_vals:
            for number, lvals in enumerate(st_vals.get("transactions", []), start=1):
                reference = lvals.get("unique_import_id")
                if not reference:
                    raise UserError(
                        self.env._(
                            "Transaction %(number)s of %(date)s (%(amount)s, “%(label)s”) has no bank reference "
                            "(CAMT: AcctSvcrRef; CSV: the transaction id column): it could be imported twice. "
                            "Nothing was imported.",
                            number=number,
                            date=lvals.get("date") or "",
                            amount=lvals.get("amount") or "",
                            label=lvals.get("payment_ref") or "",
                        )
                    )
                if reference in seen:
                    raise UserError(
                        self.env._("The bank reference %s appears twice in the file. Nothing was imported.", reference)
                    )
                seen.add(reference)
                if not float(lvals.get("amount") or 0):
                    raise UserError(
                        self.env._(
                            "Transaction %(number)s (bank reference %(reference)s) has no amount. Nothing was "
                            "imported.",
                            number=number,
                            reference=reference,
                        )
                    )
        return super()._complete_stmts_vals(stmts_vals, journal, account_number)

    def import_single_file(self, file_data, result):
        """After the import, the new lines are matched and reconciled; the result says how many are left."""
        already = set(result["statement_ids"])
        answer = super().import_single_file(file_data, result)
        new_ids = [statement_id for statement_id in result["statement_ids"] if statement_id not in already]
        if not new_ids:
            raise UserError(
                self.env._(
                    "Every transaction of %s was already imported: nothing was created.", self.statement_filename or ""
                )
            )
        lines = self.env["account.bank.statement"].browse(new_ids).line_ids
        reconciled = lines._telmico_reconcile()
        left = len(lines) - len(reconciled)
        result["notifications"].append(
            self.env._(
                "%(total)s transactions imported: %(reconciled)s reconciled automatically, %(left)s left to "
                "reconcile (Invoicing › Customers › Bank lines to reconcile).",
                total=len(lines),
                reconciled=len(reconciled),
                left=left,
            )
        )
        return answer
