{
    "name": "Telmico Service Management",
    "version": "18.0.1.0.0",
    "category": "Telmico/Services",
    "summary": "Service templates, routing, deadlines, approvals and service tasks",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["telmico_client_card", "resource"],
    "data": [
        "security/telmico_service_mgmt_groups.xml",
    ],
    "application": False,
    "installable": True,
}
