{
    "name": "Telmico Authentication",
    "version": "18.0.1.0.0",
    "category": "Telmico/Clients",
    "summary": "Personal cabinet accounts on invitation only; per-account login throttling",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["auth_signup"],
    "data": [
        "security/ir.model.access.csv",
        "views/telmico_auth_login_throttle_views.xml",
        "views/telmico_auth_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
