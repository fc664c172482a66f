{
    "name": "Telmico Call Centre",
    "version": "18.0.1.0.0",
    "category": "Telmico/Call Centre",
    "summary": "CallApp telephony: call log, screen pop, callbacks",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["telmico_desk"],
    "data": [
        "security/telmico_callcenter_groups.xml",
    ],
    "application": False,
    "installable": True,
}
