{
    "name": "Telmico Reporting: mailing delivery",
    "version": "18.0.1.0.0",
    "category": "Telmico/Reporting",
    "summary": "Mailing delivery by channel (SMS, e-mail, personal cabinet): sent, delivered, failed, opened",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["telmico_reporting", "telmico_mailing"],
    "data": [
        "security/ir.model.access.csv",
        "views/telmico_reporting_mailing_delivery_views.xml",
        "data/spreadsheet_dashboard_data.xml",
    ],
    "auto_install": True,
    "installable": True,
}
