import re

from lxml import etree

from odoo.tests import TransactionCase
from odoo.tools import file_open
from odoo.tools.translate import TranslationFileReader

# Core modules whose terms on our users' screens must all be Georgian: the web client
# bundle of every one of them, and the model terms of the views of `VIEWS` that come from them.
CORE_MODULES = [
    "base",
    "web",
    "mail",
    "portal",
    "auth_signup",
    "bus",
    "im_livechat",
    "rating",
    "portal_rating",
    "resource",
    "resource_mail",
    "phone_validation",
    "sms",
    "http_routing",
    "partner_autocomplete",
    "iap",
    "auth_totp",
    "auth_totp_mail",
    "auth_totp_portal",
]

# Terms that stay as they are in Georgian: codes, names, symbols, technical type names.
ALLOWED = re.compile(
    r"^[\W\d_]*$"  # no letters: %s, (, 1, ...
    r"|^(ID|URL|API|CSV|XLSX|JSON|SMS|SMTP|IAP|OK|Odoo|Odoo S\.A\.|Enterprise|Odoo Enterprise|Gmail|Outlook"
    r"|GEL|RGB|RGBA|hex|CMD|CTRL|Esc|kMGTPE|props\.placeholder|=like|=ilike|MailDeliveryException"
    r"|Many2one|Many2many|Many2OneBarcode|Many2OneReference|Many2OneReferenceInteger|VAT|IBAN|BIC|E-mail)$"
)


def pot_terms(module, types=("model", "model_terms")):
    """msgids of the core module's .pot of the given kinds of terms."""
    terms = set()
    with file_open(f"{module}/i18n/{module}.pot", "rb") as fileobj:
        for row in TranslationFileReader(fileobj, fileformat="po"):
            if row["type"] in types:
                terms.add(row["src"])
    return terms


def arch_strings(arch):
    """The translatable texts of a view's arch, in document order: text and attributes."""
    strings = []
    for node in etree.fromstring(arch).iter():
        if not isinstance(node.tag, str):
            continue
        for attr in ("string", "help", "placeholder", "title", "sum", "confirm", "aria-label", "data-tooltip"):
            if node.get(attr):
                strings.append(node.get(attr))
        for text in (node.text, node.tail):
            if text and text.strip():
                strings.append(text.strip())
    return strings


class GeorgianCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lang = cls.env["res.lang"]._activate_lang("ka_GE")
        # (re)load Georgian as the Languages wizard and --load-language do: core's files,
        # then this addon's catalogues laid over them
        cls.env["base.language.install"].create({"lang_ids": [(6, 0, cls.lang.ids)], "overwrite": True}).lang_install()
        cls.installed = set(
            cls.env["ir.module.module"]
            .search([("state", "=", "installed"), ("name", "in", CORE_MODULES)])
            .mapped("name")
        )
        cls.env_ka = cls.env(context=dict(cls.env.context, lang="ka_GE"))
        cls.env_en = cls.env(context=dict(cls.env.context, lang="en_US"))
