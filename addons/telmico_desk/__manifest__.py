{
    "name": "Telmico Desk",
    "version": "18.0.1.0.0",
    "category": "Telmico/Desk",
    "summary": "Requests from every channel, the Desk workspace, SLA, portal and mail gateway",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["telmico_service_mgmt", "portal", "rating"],
    "data": [
        "security/telmico_desk_groups.xml",
    ],
    "application": False,
    "installable": True,
}
