import base64
from xml.sax.saxutils import escape

from odoo import fields
from odoo.fields import Command

from .bank import BANK_CODE
from .tax_invoice import TaxInvoiceDemo

IBAN = "GE29BG0000000123456789"  # the demo company's account at Bank of Georgia
FILENAME = "bog_camt053_demo.xml"
# invoices paid by the statement: (what was sold, price, how the client named it: "number" or "personal")
STATEMENT_INVOICES = [
    ("მრიცხველის შემოწმება", 45.0, "number"),
    ("ცნობა დავალიანების შესახებ", 10.0, "personal"),
]
# the demo's accountant: (login = password, name); Invoicing administrator, who imports the statements
ACCOUNTANT = ("accountant", "მარიამ ლომიძე")
DONATION = ("BOG-DEMO-ST-DONATION", 150.0, "დავით გელაშვილი", "შემოწირულობა, ხელშეკრულების გარეშე")


def camt053(iban, day, entries, currency="GEL"):
    """A CAMT.053 statement of ``iban`` for ``day`` (an ISO date) in ``currency``: ``entries`` are (bank's
    reference, amount, payer, remittance text), incoming (the contract: telmico_bank_statement/README.md)."""
    rows = []
    for reference, amount, payer, text in entries:
        rows.append(
            f"""<Ntry><Amt Ccy="{currency}">{amount:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt><AcctSvcrRef>{escape(reference)}</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><TxDtls><Refs><AcctSvcrRef>{escape(reference)}</AcctSvcrRef></Refs>
<AmtDtls><TxAmt><Amt Ccy="{currency}">{amount:.2f}</Amt></TxAmt></AmtDtls>
<RltdPties><Dbtr><Nm>{escape(payer)}</Nm></Dbtr></RltdPties><RmtInf><Ustrd>{escape(text)}</Ustrd></RmtInf>
</TxDtls></NtryDtls></Ntry>"""
        )
    total = sum(amount for _reference, amount, _payer, _text in entries)
    balances = "".join(
        f"""<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="{currency}">{value:.2f}</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>"""
        for code, value in (("OPBD", 0.0), ("CLBD", total))
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>BOG-DEMO-{day}</MsgId><CreDtTm>{day}T23:59:00+04:00</CreDtTm></GrpHdr>
<Stmt><Id>BOG-DEMO-{day}</Id><CreDtTm>{day}T23:59:00+04:00</CreDtTm>
<Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>{currency}</Ccy></Acct>{balances}
{"".join(rows)}
</Stmt></BkToCstmrStmt></Document>
""".encode()


class BankStatementDemo(TaxInvoiceDemo):
    """A Bank of Georgia CAMT statement imported on the bank's journal: an invoice paid by its number, one by the
    client's personal number, the payments the bank already posted through the endpoint (matched with those
    payments, not paid again) and a donation left to reconcile."""

    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        stats = super()._generate(size=size, seed=seed, billing_url=billing_url, commit=commit)
        stats["accountant"] = self._generate_accountant().login
        stats["bank_statement_lines"] = self._generate_bank_statement()
        return stats

    def _generate_accountant(self):
        """The accountant (password = login, demo databases only): Invoicing administrator, Georgian interface."""
        login, name = ACCOUNTANT
        Users = self.env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
        accountant = Users.search([("login", "=", login)], limit=1)
        if not accountant:
            groups = self.env.ref("base.group_user") | self.env.ref("account.group_account_manager")
            accountant = Users.create(
                {
                    "login": login,
                    "password": login,
                    "name": name,
                    "lang": "ka_GE" if self.env["res.lang"]._lang_get("ka_GE") else "en_US",
                    "tz": "Asia/Tbilisi",
                    "groups_id": [Command.set(groups.ids)],
                }
            )
        return accountant

    def _generate_bank_statement(self):
        bank = self.env["telmico.bank"].search([("code", "=", BANK_CODE)], limit=1)
        journal = bank.journal_id
        if not journal or self.env["account.bank.statement.line"].search_count(
            [("journal_id", "=", journal.id), ("telmico_bank_reference", "=", DONATION[0])], limit=1
        ):
            return 0
        if not journal.bank_account_id:
            journal.bank_account_id = self.env["res.partner.bank"].create(
                {"acc_number": IBAN, "partner_id": journal.company_id.partner_id.id}
            )
        journal.default_sheet_mapping_id = self.env.ref("telmico_bank_statement.sheet_mapping_georgian_bank_csv")
        clients = self.env["res.partner"].search(
            [("is_client", "=", True), ("personal_number", "!=", False)], order="id desc", limit=len(STATEMENT_INVOICES)
        )
        entries = []
        for (label, price, named_by), client in zip(STATEMENT_INVOICES, clients, strict=False):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": client.id,
                    "invoice_line_ids": [Command.create({"name": label, "quantity": 1, "price_unit": price})],
                }
            )
            invoice.action_post()
            text = invoice.name if named_by == "number" else f"პ/ნ {client.personal_number}"
            entries.append((f"BOG-DEMO-ST-{invoice.id}", invoice.amount_total, client.name, f"{text}, {label}"))
        for transaction in bank.transaction_ids.sorted("id"):
            entries.append(
                (transaction.transaction_id, transaction.amount, transaction.partner_id.name, transaction.move_id.name)
            )
        entries.append(DONATION)
        day = fields.Date.to_string(fields.Date.context_today(self.env.user))
        currency = journal.currency_id or journal.company_id.currency_id  # lari once make run set the company's
        wizard = (
            self.env["account.statement.import"]
            .with_user(self._generate_accountant())  # as the accountant would, with an accountant's rights
            .with_company(journal.company_id)
            .with_context(journal_id=journal.id)
            .create(
                {
                    "statement_file": base64.b64encode(
                        camt053(journal.bank_account_id.acc_number, day, entries, currency.name)
                    ),
                    "statement_filename": FILENAME,
                }
            )
        )
        result = wizard._import_file()
        statements = self.env["account.bank.statement"].browse(result["statement_ids"])
        return len(statements.line_ids)
