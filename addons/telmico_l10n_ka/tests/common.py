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
    "html_editor",
    "base_import",
    "base_automation",
    "snailmail",
    "utm",
    "web_tour",
    "iap_mail",
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


TRANSLATABLE_ATTRS = ("string", "help", "placeholder", "title", "sum", "confirm", "aria-label", "data-tooltip")


def _node_strings(node):
    strings = [node.get(attr) or "" for attr in TRANSLATABLE_ATTRS]
    return [*strings, (node.text or "").strip(), (node.tail or "").strip()]


def arch_pairs(arch_en, arch_ka):
    """(English, Georgian) texts of two renderings of a view: element by element, the
    translatable attributes, the text and the tail of each."""
    pairs = []
    nodes_en = [n for n in etree.fromstring(arch_en).iter() if isinstance(n.tag, str)]
    nodes_ka = [n for n in etree.fromstring(arch_ka).iter() if isinstance(n.tag, str)]
    # a translation may add or drop an inline element; the walk then stops comparing there
    for node_en, node_ka in zip(nodes_en, nodes_ka, strict=False):
        if node_en.tag != node_ka.tag:
            break
        pairs.extend((en, ka) for en, ka in zip(_node_strings(node_en), _node_strings(node_ka), strict=True) if en)
    return pairs


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
