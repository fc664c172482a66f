{
    "name": "Telmico Bank Payments",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "summary": "Bank payment endpoint (check / pay, Bank of Georgia service-provider style) on customer invoices, "
    "idempotent per bank transaction, with a daily reconciliation report",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["account", "telmico_base", "telmico_client_card"],
    "data": [
        "security/telmico_bank_payment_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/telmico_bank_views.xml",
        "views/telmico_bank_transaction_views.xml",
        "views/telmico_bank_reconciliation_views.xml",
        "report/telmico_bank_reconciliation_report.xml",
        "views/telmico_bank_payment_menus.xml",
    ],
    "installable": True,
}
