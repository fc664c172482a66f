{
    "name": "Telmico Bank Statements",
    "version": "18.0.1.0.1",
    "category": "Accounting/Accounting",
    "summary": "Bank statements imported (CAMT.053, Georgian banks' CSV) and matched automatically with the open "
    "customer invoices or the bank's endpoint payments",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": [
        "telmico_bank_payment",
        "account_statement_import_camt",
        "account_statement_import_sheet_file",
        "account_reconcile_oca",
    ],
    "data": [
        "security/telmico_bank_statement_security.xml",
        "data/account_statement_import_sheet_mapping_data.xml",
        "data/account_reconcile_model_data.xml",
        "views/account_bank_statement_line_views.xml",
        "views/telmico_bank_statement_menus.xml",
    ],
    "installable": True,
}
