{
    "name": "Telmico SMS",
    "version": "18.0.1.3.0",
    "category": "Telmico/Mailing",
    "summary": "SMS through our own gateways (smsoffice.ge, generic JSON) instead of Odoo's IAP: retries, "
    "throttling, delivery reports, transliteration",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["sms", "telmico_base"],
    "data": [
        "security/telmico_sms_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/telmico_sms_gateway_views.xml",
        "views/sms_sms_views.xml",
        "views/sms_template_views.xml",
        "wizards/sms_composer_views.xml",
        "views/telmico_sms_menus.xml",
    ],
    "installable": True,
}
