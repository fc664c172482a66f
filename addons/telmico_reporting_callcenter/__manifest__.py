{
    "name": "Telmico Reporting: call centre",
    "version": "18.0.1.0.0",
    "category": "Telmico/Reporting",
    "summary": "The call centre's figures (calls, answered %, service level, wait and talk) on a reporting dashboard",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["telmico_reporting", "telmico_callcenter"],
    "data": [
        "security/ir.model.access.csv",
        "data/spreadsheet_dashboard_data.xml",
    ],
    "auto_install": True,
    "installable": True,
}
