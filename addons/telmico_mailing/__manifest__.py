{
    "name": "Telmico Mailing",
    "version": "18.0.1.0.0",
    "category": "Telmico/Mailing",
    "summary": "Mass and individual SMS, e-mail and portal mailings to clients",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["telmico_client_card", "mass_mailing_sms", "telmico_sms"],
    "data": [
        "security/telmico_mailing_groups.xml",
    ],
    "application": False,
    "installable": True,
}
