import re

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tools import create_index, create_unique_index

from ..tools.phone import national_phone, normalize_phone

PERSONAL_NUMBER_RE = re.compile(r"^\d{11}$")
COMPANY_ID_RE = re.compile(r"^\d{9}$")
PHONE_CHARS_RE = re.compile(r"^[\d\s\-\+\(\)\.]+$")


class ResPartner(models.Model):
    _inherit = "res.partner"

    first_name = fields.Char(tracking=True)
    last_name = fields.Char(tracking=True)
    personal_number = fields.Char(
        tracking=True, copy=False, help="Personal number of an individual: exactly 11 digits."
    )
    company_registry = fields.Char(tracking=True)
    phone = fields.Char(tracking=True)
    mobile = fields.Char(tracking=True)
    email = fields.Char(tracking=True)
    street = fields.Char(tracking=True)
    street2 = fields.Char(tracking=True)
    phone_national = fields.Char(string="Phone (national)", compute="_compute_phone_national")
    mobile_national = fields.Char(string="Mobile (national)", compute="_compute_phone_national")
    segment_id = fields.Many2one("telmico.client.segment", tracking=True, index="btree_not_null")
    birthday = fields.Date(tracking=True)
    preferred_channel = fields.Selection(
        [
            ("phone", "Phone call"),
            ("sms", "SMS"),
            ("email", "E-mail"),
            ("portal", "Personal cabinet"),
            ("post", "Post"),
        ],
        tracking=True,
    )
    consent_sms = fields.Boolean(string="Agrees to SMS", tracking=True)
    consent_email = fields.Boolean(string="Agrees to e-mails", tracking=True)
    consent_marketing = fields.Boolean(string="Agrees to marketing", tracking=True)
    identity_confirmed = fields.Boolean(
        tracking=True, copy=False, help="An employee checked the client's identity document."
    )
    subscriber_link_ids = fields.One2many("telmico.subscriber.link", "partner_id", string="Subscriber links")
    subscriber_ids = fields.Many2many(
        "telmico.subscriber", compute="_compute_subscriber_ids", search="_search_subscriber_ids", string="Subscribers"
    )
    subscriber_count = fields.Integer(compute="_compute_subscriber_ids")
    subscriber_numbers = fields.Char(compute="_compute_subscriber_ids")
    client_currency_id = fields.Many2one("res.currency", compute="_compute_total_debt")
    total_debt = fields.Monetary(compute="_compute_total_debt", currency_field="client_currency_id")
    debt_case_ids = fields.One2many("telmico.debt.case", "partner_id", string="Debt cases")
    debt_case_open_count = fields.Integer(compute="_compute_debt_case_open_count")
    has_portal_account = fields.Boolean(compute="_compute_has_portal_account")
    attention_message = fields.Html(compute="_compute_attention_message")
    duplicate_partner_ids = fields.Many2many("res.partner", compute="_compute_duplicate_partner_ids")
    is_own_company = fields.Boolean(
        compute="_compute_is_own_company", search="_search_is_own_company", help="The partner of one of our companies."
    )
    client_search = fields.Char(
        string="Client search", compute="_compute_client_search", search="_search_client_search"
    )

    # ------------------------------------------------------------------ init

    def init(self):
        result = super().init()
        cr = self.env.cr
        # Own names: base already has btree indexes on some of these columns, and
        # switching a field to index="trigram" would silently keep the old index.
        for column in ("complete_name", "street", "street2", "email"):
            create_index(cr, f"res_partner_{column}_trgm_idx", self._table, [f"{column} gin_trgm_ops"], method="gin")
        # The mail gateway looks senders up by email_normalized: stock Odoo has no index on it.
        create_index(cr, "res_partner_email_normalized_idx", self._table, ["email_normalized"])
        create_index(cr, "res_partner_mobile_idx", self._table, ["mobile"], where="mobile IS NOT NULL")
        create_index(cr, "res_partner_phone_idx", self._table, ["phone"], where="phone IS NOT NULL")
        create_index(
            cr,
            "res_partner_company_registry_idx",
            self._table,
            ["company_registry"],
            where="company_registry IS NOT NULL",
        )
        # NULLs are distinct in a unique index: only filled personal numbers must differ.
        create_unique_index(cr, "res_partner_personal_number_uniq", self._table, ["personal_number"])
        return result

    # --------------------------------------------------------------- compute

    @api.depends("phone", "mobile")
    def _compute_phone_national(self):
        for partner in self:
            partner.phone_national = national_phone(partner.phone)
            partner.mobile_national = national_phone(partner.mobile)

    @api.depends("subscriber_link_ids.subscriber_id")
    def _compute_subscriber_ids(self):
        for partner in self:
            subscribers = partner.subscriber_link_ids.subscriber_id
            partner.subscriber_ids = subscribers
            partner.subscriber_count = len(subscribers)
            partner.subscriber_numbers = ", ".join(subscribers.mapped("number"))

    def _search_subscriber_ids(self, operator, value):
        return [("subscriber_link_ids.subscriber_id", operator, value)]

    @api.depends("subscriber_link_ids.subscriber_id.debt")
    def _compute_total_debt(self):
        currency = self.env.company.currency_id
        for partner in self:
            partner.client_currency_id = currency
            partner.total_debt = sum(partner.subscriber_link_ids.subscriber_id.mapped("debt"))

    @api.depends("debt_case_ids.state")
    def _compute_debt_case_open_count(self):
        for partner in self:
            partner.debt_case_open_count = len(partner.debt_case_ids.filtered(lambda c: c.state == "open"))

    @api.depends("user_ids.share", "user_ids.active")
    def _compute_has_portal_account(self):
        for partner in self:
            # sudo: a client-card user may not read res.users, but may know whether a portal account exists
            partner.has_portal_account = any(
                user.share for user in partner.sudo().with_context(active_test=True).user_ids
            )

    @api.depends("total_debt", "debt_case_ids.state", "debt_case_ids.kind", "identity_confirmed", "segment_id")
    def _compute_attention_message(self):
        threshold = float(
            self.env["ir.config_parameter"].sudo().get_param("telmico_client_card.debt_alert_threshold", 100)
        )
        for partner in self:
            lines = []
            if partner.total_debt > threshold:
                amount, limit = f"{partner.total_debt:.2f}", f"{threshold:.2f}"
                lines.append(
                    self.env._(
                        "Debt of %(amount)s %(currency)s exceeds %(threshold)s.",
                        amount=amount,
                        currency=partner.client_currency_id.name,
                        threshold=limit,
                    )
                )
            open_cases = partner.debt_case_ids.filtered(lambda c: c.state == "open")
            if open_cases.filtered(lambda c: c.kind == "court"):
                lines.append(self.env._("An open court case."))
            if open_cases.filtered(lambda c: c.kind == "pre_court"):
                lines.append(self.env._("An open pre-court debt case."))
            if partner.partner_share and not partner.identity_confirmed and partner.id:
                lines.append(self.env._("Identity not confirmed."))
            if partner.segment_id.highlight:
                lines.append(self.env._("Segment: %s.", partner.segment_id.name))
            # Markup escapes every line (names come from users): no HTML is built from strings
            partner.attention_message = (
                Markup('<ul class="mb-0">%s</ul>') % Markup().join(Markup("<li>%s</li>") % line for line in lines)
                if lines
                else False
            )

    @api.depends("phone", "mobile", "personal_number", "company_registry", "is_company")
    def _compute_duplicate_partner_ids(self):
        for partner in self:
            domain = partner._duplicate_domain()
            if not domain:
                partner.duplicate_partner_ids = False
                continue
            if partner._origin.id:
                domain = expression.AND([domain, [("id", "!=", partner._origin.id)]])
            partner.duplicate_partner_ids = self.with_context(active_test=False).search(domain, limit=10)

    def _duplicate_domain(self):
        """Partners sharing a phone, a personal number or (for companies) a company ID with this one."""
        self.ensure_one()
        domains = []
        phones = {normalize_phone(p) for p in (self.phone, self.mobile)} - {None, False}
        if phones:
            domains += [[("mobile", "in", list(phones))], [("phone", "in", list(phones))]]
        if self.personal_number:
            domains.append([("personal_number", "=", self.personal_number.strip())])
        if self.company_registry and self.is_company:
            domains.append([("company_registry", "=", self.company_registry.strip()), ("is_company", "=", True)])
        return expression.OR(domains) if domains else []

    def _compute_is_own_company(self):
        # sudo: any user may know which partners are our companies; res.company is restricted
        own = set(self.env["res.company"].sudo().search([]).partner_id.ids)
        for partner in self:
            partner.is_own_company = partner.id in own

    def _search_is_own_company(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on “our company”."))
        own = self.env["res.company"].sudo().search([]).partner_id.ids  # sudo: see _compute_is_own_company
        return [("id", "in" if (operator == "=") == value else "not in", own)]

    def _compute_client_search(self):
        self.client_search = False

    def _search_client_search(self, operator, value):
        if operator not in ("ilike", "=", "like") or not isinstance(value, str):
            raise ValidationError(self.env._("Client search supports text only."))
        return self._client_search_domain(value)

    @api.model
    def _client_search_domain(self, text):
        """Domain finding clients by any card criterion typed in one box.

        The shape of the text decides which indexed criteria apply: digits are personal
        numbers, company IDs, phones, subscriber and meter numbers; an "@" an e-mail;
        words a name or an address (every word must match). Subscriber-side criteria are
        resolved first into partner ids so that each branch stays an index scan.
        """
        text = (text or "").strip()
        if not text:
            return []
        if "@" in text:
            return ["|", ("email_normalized", "=", text.lower()), ("email", "ilike", text)]
        Link = self.env["telmico.subscriber.link"]
        if PHONE_CHARS_RE.match(text) and any(c.isdigit() for c in text):
            digits = re.sub(r"\D", "", text)
            domains = []
            if len(digits) == 11:
                domains.append([("personal_number", "=", digits)])
            if len(digits) == 9:
                domains.append([("company_registry", "=", digits)])
            phone = normalize_phone(text)
            if phone:
                domains += [[("mobile", "=", phone)], [("phone", "=", phone)]]
            subscribers = self.env["telmico.subscriber"].search(
                ["|", ("number", "=", digits), ("meter_numbers", "ilike", digits)]
                if len(digits) >= 3
                else [("number", "=", digits)],
                limit=200,
            )
            partner_ids = Link.search([("subscriber_id", "in", subscribers.ids)]).partner_id.ids if subscribers else []
            if partner_ids:
                domains.append([("id", "in", partner_ids)])
            return expression.OR(domains) if domains else [("id", "=", 0)]
        word_domains = []
        for word in text.split():
            subscribers = self.env["telmico.subscriber"].search([("address", "ilike", word)], limit=500)
            partner_ids = Link.search([("subscriber_id", "in", subscribers.ids)]).partner_id.ids if subscribers else []
            word_domain = [
                "|",
                "|",
                ("complete_name", "ilike", word),
                ("street", "ilike", word),
                ("street2", "=ilike", word),
            ]
            if partner_ids:
                word_domain = expression.OR([word_domain, [("id", "in", partner_ids)]])
            word_domains.append(word_domain)
        return expression.AND(word_domains)

    @api.model
    def _search_display_name(self, operator, value):
        # Many2one look-ups (requests, links, ...) find clients by every card criterion.
        if operator in ("ilike", "=") and isinstance(value, str) and value.strip():
            return self._client_search_domain(value)
        return super()._search_display_name(operator, value)

    # ------------------------------------------------------------ constrains

    @api.constrains("personal_number")
    def _check_personal_number(self):
        # uniqueness: _check_personal_numbers_free before each write, the unique index behind it
        for partner in self.filtered("personal_number"):
            if not PERSONAL_NUMBER_RE.match(partner.personal_number):
                raise ValidationError(
                    self.env._("The personal number must be exactly 11 digits (got “%s”).", partner.personal_number)
                )

    @api.constrains("company_registry", "is_company")
    def _check_company_registry(self):
        companies = self.filtered(lambda p: p.company_registry and p.is_company)
        for partner in companies:
            if not COMPANY_ID_RE.match(partner.company_registry):
                raise ValidationError(
                    self.env._("The company ID must be exactly 9 digits (got “%s”).", partner.company_registry)
                )
        for number, ids in self._identifier_clashes("company_registry", companies, [("is_company", "=", True)]):
            other = (self.browse(ids) - companies) or self.browse(ids)[1:]
            raise ValidationError(
                self.env._(
                    "The company ID %(number)s already belongs to “%(client)s”. Open that card or merge the two.",
                    number=number,
                    client=other[:1].display_name,
                )
            )

    def _identifier_clashes(self, fname, partners, extra_domain=()):
        """[(value, ids)] of the values of ``fname`` on ``partners`` held by more than one partner."""
        if not partners:
            return []
        return self.with_context(active_test=False)._read_group(
            [(fname, "in", list(set(partners.mapped(fname)))), *extra_domain],
            [fname],
            ["id:array_agg"],
            having=[("__count", ">", 1)],
        )

    @api.onchange("first_name", "last_name")
    def _onchange_first_last_name(self):
        name = self._full_name(self.first_name, self.last_name)
        if name:
            self.name = name

    # ------------------------------------------------------------------ CRUD

    @api.model
    def _full_name(self, first_name, last_name):
        return " ".join(part.strip() for part in (first_name, last_name) if part and part.strip())

    def _normalize_client_vals(self, vals):
        """Phones to E.164, identifiers trimmed, name from first and last name."""
        vals = dict(vals)
        for fname in ("phone", "mobile"):
            if vals.get(fname):
                normalized = normalize_phone(vals[fname])
                if normalized is False:
                    raise ValidationError(
                        self.env._(
                            "“%(number)s” is not a valid phone number (%(field)s).",
                            number=vals[fname],
                            field=self._fields[fname].string,
                        )
                    )
                vals[fname] = normalized
        for fname in ("personal_number", "company_registry"):
            if fname in vals:
                vals[fname] = re.sub(r"\s", "", vals[fname] or "") or False
        if ("first_name" in vals or "last_name" in vals) and not vals.get("is_company"):
            first = vals.get("first_name", self.first_name if len(self) == 1 else None)
            last = vals.get("last_name", self.last_name if len(self) == 1 else None)
            name = self._full_name(first, last)
            if name:
                vals["name"] = name
        return vals

    def _check_personal_numbers_free(self, numbers):
        """Refuse personal numbers that another client (or another of ``numbers``) already has.

        Runs before the INSERT/UPDATE so that the user gets this message, not the unique
        index's; the index still guards against concurrent transactions.
        """
        numbers = [n for n in numbers if n]
        seen = set()
        for number in numbers:
            if number in seen:
                raise ValidationError(self.env._("Two clients cannot have the same personal number %s.", number))
            seen.add(number)
        if not numbers:
            return
        other = self.with_context(active_test=False).search(
            [("personal_number", "in", numbers), ("id", "not in", self.ids)], limit=1
        )
        if other:
            raise ValidationError(
                self.env._(
                    "The personal number %(number)s already belongs to client “%(client)s”. Open that card or merge the two.",
                    number=other.personal_number,
                    client=other.display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._normalize_client_vals(vals) for vals in vals_list]
        self._check_personal_numbers_free([vals.get("personal_number") for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if len(self) > 1 and ("first_name" in vals) != ("last_name" in vals):
            for partner in self:
                partner.write(vals)
            return True
        vals = self._normalize_client_vals(vals)
        if vals.get("personal_number"):
            self._check_personal_numbers_free([vals["personal_number"]] * len(self))
        return super().write(vals)

    # --------------------------------------------------------------- actions

    def action_confirm_identity(self):
        self.write({"identity_confirmed": True})

    def action_open_subscribers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Subscribers of %s", self.display_name),
            "res_model": "telmico.subscriber",
            "view_mode": "list,form",
            "domain": [("id", "in", self.subscriber_ids.ids)],
        }

    def action_open_debt_cases(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Debt cases of %s", self.display_name),
            "res_model": "telmico.debt.case",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.id)],
            "context": {"default_partner_id": self.id},
        }

    def action_open_client(self):
        """Open this client's card (from the duplicate warning of another card)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_link_to_current(self):
        """Link the card the warning was shown on to this client's subscribers, as a family member.

        For a relative who shares the found client's phone: one click attaches the new card
        to the same billing accounts (the role can be changed on the card afterwards).
        """
        self.ensure_one()
        current = self.env["res.partner"].browse(self.env.context.get("telmico_current_partner_id")).exists()
        if not current or current == self:
            raise UserError(self.env._("Save the card first, then link it to the other client's subscribers."))
        role = self.env.ref("telmico_client_card.link_role_family")
        linked = set(current.subscriber_link_ids.filtered(lambda link: link.role_id == role).subscriber_id.ids)
        new_subscribers = self.subscriber_ids.filtered(lambda s: s.id not in linked)
        if not new_subscribers:
            raise UserError(self.env._("“%s” has no subscriber this card is not linked to yet.", self.display_name))
        self.env["telmico.subscriber.link"].create(
            [
                {"partner_id": current.id, "subscriber_id": subscriber.id, "role_id": role.id}
                for subscriber in new_subscribers
            ]
        )
        return True

    def action_merge_with(self):
        """Open Odoo's merge wizard on this partner and the card the warning was shown on."""
        current = self.env["res.partner"].browse(self.env.context.get("telmico_current_partner_id")).exists()
        return self._action_merge_wizard(current | self, current or self)

    @api.model
    def _action_merge_wizard(self, partners, destination):
        """Odoo's partner merge wizard, opened on ``partners`` with ``destination`` kept."""
        wizard = self.env["base.partner.merge.automatic.wizard"].create(
            {"partner_ids": [Command.set(partners.ids)], "dst_partner_id": destination.id, "state": "selection"}
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }
