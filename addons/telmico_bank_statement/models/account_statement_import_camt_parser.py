from odoo import models


class AccountStatementImportCamtParser(models.AbstractModel):
    _inherit = "account.statement.import.camt.parser"

    def parse_entry(self, ns, node):
        """Each transaction carries the bank's reference of its entry (``Ntry/AcctSvcrRef``, or its details'
        ``TxDtls/Refs/AcctSvcrRef``): the import's key (never twice) and the endpoint's ``transactionId``."""
        namespaces = {"ns": ns}
        entry_reference = "".join(node.xpath("./ns:AcctSvcrRef/text()", namespaces=namespaces)).strip()
        details = node.xpath("./ns:NtryDtls/ns:TxDtls", namespaces=namespaces)
        for index, transaction in enumerate(super().parse_entry(ns, node)):
            detail_reference = ""
            if index < len(details):
                detail_reference = "".join(
                    details[index].xpath("./ns:Refs/ns:AcctSvcrRef/text()", namespaces=namespaces)
                ).strip()
            reference = detail_reference or entry_reference
            if reference:
                transaction["telmico_bank_reference"] = reference
                unique = reference if detail_reference or len(details) < 2 else f"{reference}/{index + 1}"
                transaction["unique_import_id"] = unique
            yield transaction
