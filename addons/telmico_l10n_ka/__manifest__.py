{
    "name": "Telmico Georgian (core terms and formats)",
    "version": "18.0.1.3.3",
    "category": "Telmico/Localization",
    "summary": "Georgian for the Odoo core terms on our users' screens; Georgian dates, numbers and lari",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["base", "web"],
    "data": [
        "data/res_lang_data.xml",
        "data/res_currency_data.xml",
    ],
    "application": False,
    "installable": True,
}
