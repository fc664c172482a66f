{
    "name": "Telmico Base",
    "version": "18.0.1.2.0",
    "category": "Hidden",
    "summary": "Shared helpers of the Telmico suite: Georgian transliteration, keyboard layout, search keys",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["base"],
    "data": [],
    "installable": True,
}
