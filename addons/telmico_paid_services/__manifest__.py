{
    "name": "Telmico Paid Services",
    "version": "18.0.1.0.0",
    "category": "Telmico/Paid Services",
    "summary": "Paid services: price list, contracts, invoices and payments",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["telmico_desk", "account"],
    "data": [
        "security/telmico_paid_services_groups.xml",
    ],
    "application": False,
    "installable": True,
}
