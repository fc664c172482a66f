{
    "name": "Telmico Demo Data",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "summary": "Realistic Georgian demo data and demo users for every Telmico addon (never in production)",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": [
        "telmico_client_card",
        "telmico_service_mgmt",
        "telmico_desk",
        "telmico_kb",
        "telmico_kb_desk",
        "telmico_mailing",
    ],
    "data": [],
    "installable": True,
}
