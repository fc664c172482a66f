{
    "name": "Telmico API",
    "version": "18.0.1.1.0",
    "category": "Telmico/Desk",
    "summary": "REST API /api/v1 (OCA fastapi, OpenAPI): requests, clients, subscribers; API keys, rate limits, "
    "idempotent creates",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["telmico_desk", "fastapi"],
    "external_dependencies": {"python": ["fastapi", "pydantic"]},
    "data": [
        "security/ir.model.access.csv",
        "data/fastapi_endpoint_data.xml",
        "wizards/telmico_api_key_create_views.xml",
        "views/telmico_api_key_views.xml",
        "views/telmico_api_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
