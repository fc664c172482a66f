{
    "name": "Telmico Tax Invoices",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "summary": "Georgian electronic tax invoices (ანგარიშ-ფაქტურა) issued to the Revenue Service from posted invoices",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["account", "telmico_base", "telmico_client_card"],
    "data": [
        "security/telmico_tax_invoice_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/telmico_rs_connection_views.xml",
        "views/account_move_views.xml",
        "views/telmico_tax_invoice_menus.xml",
    ],
    "installable": True,
}
