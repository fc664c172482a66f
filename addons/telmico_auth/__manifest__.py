{
    "name": "Telmico Authentication",
    "version": "18.0.1.0.0",
    "category": "Telmico/Clients",
    "summary": "Personal cabinet accounts on invitation or verified by SMS; per-account login throttling",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["telmico_client_card", "auth_signup", "portal", "sms", "telmico_sms"],
    "data": [
        "security/ir.model.access.csv",
        "views/telmico_auth_templates.xml",
        "views/telmico_auth_login_throttle_views.xml",
        "views/telmico_auth_registration_views.xml",
        "views/telmico_auth_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["telmico_auth/static/tests/tours/*.js"],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
