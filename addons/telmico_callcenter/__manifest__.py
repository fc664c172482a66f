{
    "name": "Telmico Call Centre",
    "version": "18.0.1.1.0",
    "category": "Telmico/Call Centre",
    "summary": "Telephony: signed call events, call log, screen pop, client look-up, callbacks",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["telmico_desk", "bus"],
    "data": [
        "security/telmico_callcenter_groups.xml",
        "security/telmico_callcenter_security.xml",
        "security/ir.model.access.csv",
        "views/telmico_call_views.xml",
        "views/telmico_callback_views.xml",
        "views/telmico_callcenter_connection_views.xml",
        "views/telmico_callcenter_event_views.xml",
        "views/telmico_request_views.xml",
        "views/res_users_views.xml",
        "views/telmico_callcenter_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "telmico_callcenter/static/src/**/*",
        ],
    },
    "application": False,
    "installable": True,
}
