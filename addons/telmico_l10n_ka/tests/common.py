import re
import unittest

from lxml import etree, html

from odoo.modules.registry import Registry
from odoo.tests import TransactionCase, get_db_name
from odoo.tools import file_open
from odoo.tools.translate import JAVASCRIPT_TRANSLATION_COMMENT, TranslationFileReader, TranslationModuleReader

from .. import catalogue

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
    r"|Many2one|Many2many|Many2OneBarcode|Many2OneReference|Many2OneReferenceInteger|VAT|IBAN|BIC|E-mail|CAMT)$"
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


def action_views(env, xmlid):
    """[(view id or False, view type)] of a window action, its search view included: what the web client
    asks ``get_views`` for when the action opens."""
    action = env.ref(xmlid)
    return [
        *[(view_id or False, view_type) for view_id, view_type in action.views],
        (action.search_view_id.id, "search"),
    ]


def screen_terms_left(env_en, env_ka, model, views, modules):
    """The terms of ``modules`` left in English on the screens ``views`` ([(view id or False, type)]) of
    ``model``, as the web client gets them (``get_views``): the texts of the combined views (inherited parts
    and embedded sub-views included), their Print and Action menus, and the labels and choices of the fields
    defined by ``modules``."""
    terms = set().union(*(pot_terms(module) for module in modules))
    result_en = env_en[model].get_views(views, {"toolbar": True})
    result_ka = env_ka[model].get_views(views, {"toolbar": True})
    pairs = []
    for view_type, view in result_en["views"].items():
        # a view Odoo generates where the module has none (a pivot, a graph) only carries the model's
        # description as its title, which core never translates and the web client does not show
        if view["id"]:
            pairs += arch_pairs(view["arch"], result_ka["views"][view_type]["arch"])
        # the Print and Action menus
        for key, actions in view.get("toolbar", {}).items():
            names_ka = {action["id"]: action["name"] for action in result_ka["views"][view_type]["toolbar"][key]}
            pairs += [(action["name"], names_ka[action["id"]]) for action in actions]
    for model_name, description in result_en["models"].items():
        fields_ka = result_ka["models"][model_name]["fields"]
        for fname, field in description["fields"].items():
            definition = env_en[model_name]._fields[fname]
            # hidden technical fields are left untranslated by core itself (not exported)
            if not definition.export_string_translation or not set(definition._modules or ()) & set(modules):
                continue
            pairs.append((field["string"], fields_ka[fname]["string"]))
            for (_key, label_en), (_key2, label_ka) in zip(
                field.get("selection") or [], fields_ka[fname].get("selection") or [], strict=True
            ):
                pairs.append((label_en, label_ka))
    return sorted({en for en, ka in pairs if en == ka and en in terms and not ALLOWED.match(en)})


def web_terms_left(env, module, not_ours=()):
    """The web client terms of a core module (from its source) that ``/web/webclient/translations`` does not
    serve in Georgian, but for those of the source files whose path contains one of ``not_ours``."""
    expected = {
        source
        for _module, ttype, name, _res_id, source, _value, comments in TranslationModuleReader(env.cr, modules=[module])
        if ttype == "code"
        and JAVASCRIPT_TRANSLATION_COMMENT in comments
        and not any(part in name for part in not_ours)
        and not ALLOWED.match(source)
        # a fragment of JavaScript that Odoo's extractor takes for a term (never shown)
        and "export class" not in source
    }
    translations, _params = env["ir.http"].get_translations_for_webclient([module], "ka_GE")
    kept = catalogue.web_terms(module, "ka_GE")  # kept as they are where the catalogue says so
    georgian = {
        m["id"] for m in translations[module]["messages"] if m["string"] and (m["string"] != m["id"] or m["id"] in kept)
    }
    return sorted(expected - georgian)


def _normalized(text):
    return " ".join(text.split())


def page_terms_left(document, modules):
    """The terms of ``modules`` (their views and QWeb templates) that a rendered page or report shows in
    English: its texts and its translatable attributes, compared whole."""
    terms = {_normalized(term) for module in modules for term in pot_terms(module)}
    texts = set()
    for node in html.fromstring(document).iter():
        if isinstance(node.tag, str) and node.tag not in ("script", "style"):
            texts.add(node.text or "")
            texts.update(node.get(attr) or "" for attr in ("title", "placeholder", "aria-label", "alt"))
        texts.add(node.tail or "")
    return sorted({text for text in map(_normalized, texts) if text in terms and not ALLOWED.match(text)})


class GeorgianCase(TransactionCase):
    """Georgian (re)loaded as the Languages wizard does; the cases of other addons that check their screens with it
    are skipped where telmico_l10n_ka is not installed (no catalogues to check, no need to load Georgian)."""

    @classmethod
    def setUpClass(cls):
        if "telmico_l10n_ka" not in Registry(get_db_name())._init_modules:
            raise unittest.SkipTest("telmico_l10n_ka is not installed")
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
