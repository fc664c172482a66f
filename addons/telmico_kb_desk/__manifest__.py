{
    "name": "Telmico Knowledge Base on the Desk",
    "version": "18.0.1.0.0",
    "category": "Telmico/Knowledge",
    "summary": "Suggested answers on requests, What's new on the Desk, help pages before a new request",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["telmico_kb", "telmico_desk"],
    "data": [
        "security/telmico_kb_desk_groups.xml",
        "views/telmico_kb_article_views.xml",
        "views/telmico_request_views.xml",
        "views/telmico_kb_desk_portal_templates.xml",
    ],
    "assets": {
        "web.assets_tests": ["telmico_kb_desk/static/tests/tours/*.js"],
    },
    "auto_install": True,
    "installable": True,
}
