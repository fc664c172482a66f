{
    "name": "Telmico Knowledge Base",
    "version": "18.0.1.0.0",
    "category": "Telmico/Knowledge",
    "summary": "Knowledge base: articles, call scripts, news and search",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["mail"],
    "data": [
        "security/telmico_kb_groups.xml",
    ],
    "application": False,
    "installable": True,
}
