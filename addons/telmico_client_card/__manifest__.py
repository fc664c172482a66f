{
    "name": "Telmico Client Card",
    "version": "18.0.1.0.0",
    "category": "Telmico/Clients",
    "summary": "Clients, subscribers (billing mirror), client-subscriber links, duplicates, billing sync",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["mail", "phone_validation", "portal"],
    "data": [
        "security/telmico_client_card_groups.xml",
    ],
    "application": True,
    "installable": True,
}
