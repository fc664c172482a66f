import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.auth_signup.models.res_partner import SignupError
from odoo.addons.telmico_client_card.tools.phone import national_phone
from odoo.exceptions import UserError
from odoo.tools import SQL, email_normalize

from ..tools.masking import mask_login, mask_mobile, parse_identifier

_logger = logging.getLogger(__name__)

# Parameters (ir.config_parameter) and their defaults
CODE_VALIDITY = ("telmico_auth.register_code_validity", 10)  # minutes a code stays valid
MAX_ATTEMPTS = ("telmico_auth.register_max_attempts", 5)  # wrong codes before the code is void
CODES_PER_IDENTIFIER = ("telmico_auth.register_codes_per_identifier", 3)  # codes per identifier per hour
REQUESTS_PER_ADDRESS = ("telmico_auth.register_requests_per_address", 10)  # requests per source address per hour
MIN_PASSWORD_LENGTH = 8
KEEP_DAYS = 30


class RegistrationRateLimited(UserError):
    """A rate limit of the self-registration was reached: the page answers 429 Too Many Requests."""


class TelmicoAuthRegistration(models.Model):
    """A customer's self-registration to the personal cabinet, verified by a code sent by SMS.

    One row per code requested on /my/register, whether or not the identifier matched a client: the rate
    limits and the answers must be the same for both, so that the page reveals nothing about who is a client.
    Only a keyed hash of the identifier and of the code is stored; the plain code exists only in the queued SMS.
    """

    _name = "telmico.auth.registration"
    _description = "Personal cabinet self-registration"
    _order = "id desc"
    _rec_name = "login"

    identifier_type = fields.Selection(
        [("personal", "Personal number"), ("company", "Company ID")], required=True, readonly=True
    )
    identifier_hash = fields.Char(required=True, readonly=True, index=True)
    login = fields.Char(required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The client card the identifier matched; empty when it matched none (no code was sent).",
    )
    mobile_masked = fields.Char(string="Mobile shown", readonly=True)
    code_salt = fields.Char(readonly=True)
    code_hash = fields.Char(readonly=True, help="Keyed hash of the code sent; the code itself is not kept.")
    expires_at = fields.Datetime(readonly=True)
    attempt_count = fields.Integer(string="Wrong codes", readonly=True)
    state = fields.Selection(
        [("pending", "Code sent"), ("done", "Account created"), ("void", "Void")],
        string="Status",
        default="pending",
        required=True,
        readonly=True,
    )
    void_reason = fields.Selection(
        [
            ("attempts", "Too many wrong codes"),
            ("expired", "Expired"),
            ("replaced", "A newer code was requested"),
            ("account_exists", "The client already has an account"),
            ("login_taken", "The login is taken"),
        ],
        readonly=True,
    )
    address = fields.Char(string="Source address", readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Account", readonly=True, ondelete="set null")

    # ------------------------------------------------------------------ params

    @api.model
    def _param(self, param):
        key, default = param
        # sudo: the registration's limits are system parameters; visitors cannot read them
        return int(self.env["ir.config_parameter"].sudo().get_param(key, default) or 0)

    @api.model
    def _keyed_hash(self, value):
        # sudo: the database secret keys the hash; visitors registering cannot read system parameters
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()

    # ----------------------------------------------------------- request code

    @api.model
    def _request_code(self, identifier, login, address):
        """Step 1: register a request for a code; send the code by SMS when the identifier matches one client.

        Returns the new registration. Raises UserError for malformed input or an exceeded rate limit; the
        answer never depends on whether the identifier matched.
        """
        _ = self.env._
        identifier_type, digits = parse_identifier(identifier)
        if not identifier_type:
            raise UserError(_("Enter your personal number (11 digits) or your company ID (9 digits)."))
        login = email_normalize(login or "")
        if not login:
            raise UserError(_("Enter a valid e-mail address: it will be your login."))
        hour_ago = fields.Datetime.now() - timedelta(hours=1)
        if address and self.search_count([("address", "=", address), ("create_date", ">=", hour_ago)]) >= self._param(
            REQUESTS_PER_ADDRESS
        ):
            _logger.warning("Self-registration refused from %s: too many requests from this address", address)
            raise RegistrationRateLimited(
                _("Too many registration requests from your network. Please try again in an hour.")
            )
        identifier_hash = self._keyed_hash(f"{identifier_type}:{digits}")
        if self.search_count(
            [("identifier_hash", "=", identifier_hash), ("create_date", ">=", hour_ago)]
        ) >= self._param(CODES_PER_IDENTIFIER):
            _logger.warning("Self-registration refused from %s: too many codes for one identifier", address)
            raise RegistrationRateLimited(
                _("Too many codes were requested for this number. Please try again in an hour.")
            )
        # only the latest code of an identifier is valid
        self.search([("identifier_hash", "=", identifier_hash), ("state", "=", "pending")]).write(
            {"state": "void", "void_reason": "replaced"}
        )
        partner = self._match_client(identifier_type, digits)
        registration = self.create(
            {
                "identifier_type": identifier_type,
                "identifier_hash": identifier_hash,
                "login": login,
                "partner_id": partner.id,
                "address": address,
                "expires_at": fields.Datetime.now() + timedelta(minutes=self._param(CODE_VALIDITY)),
                "code_salt": secrets.token_hex(16),
            }
        )
        if partner:
            registration._send_code(partner)
        else:
            # A decoy: the same page with a plausible masked mobile, stable for the identifier (asking again shows
            # the same digits), and a code that no input matches.
            decoy = f"{int(identifier_hash[-8:], 16) % 100:02d}"
            registration.mobile_masked = mask_mobile("555 00 00 00", decoy)
            _logger.info("Self-registration %s: the identifier matched no client with a mobile", registration.id)
        return registration

    @api.model
    def _match_client(self, identifier_type, digits):
        """The one active client card with this identifier and a mobile, or an empty recordset."""
        domain = (
            [("personal_number", "=", digits)]
            if identifier_type == "personal"
            else [("company_registry", "=", digits), ("is_company", "=", True)]
        )
        # clients only: another contact's company ID is free-form and proves no client card (telmico_client_card)
        partners = self.env["res.partner"].search([*domain, ("is_client", "=", True), ("mobile", "!=", False)], limit=2)
        return partners if len(partners) == 1 else partners.browse()

    @api.model
    def _generate_code(self):
        return f"{secrets.randbelow(10**6):06d}"

    def _send_code(self, partner):
        """Queue the SMS with a fresh code to the client card's mobile; keep only a hash of the code."""
        self.ensure_one()
        code = self._generate_code()
        lang = partner.lang or self.env.lang
        body = self.with_context(lang=lang).env._(
            "Telmico: your personal cabinet registration code is %(code)s. It is valid for %(minutes)s minutes. "
            "Never share it with anybody.",
            code=code,
            minutes=self._param(CODE_VALIDITY),
        )
        self.write(
            {
                "code_hash": self._keyed_hash(f"{self.code_salt}:{code}"),
                "mobile_masked": mask_mobile(national_phone(partner.mobile) or partner.mobile),
            }
        )
        # Odoo's SMS queue sends it (through telmico_sms's gateway); no chatter message:
        # the code must not be readable by the staff who read the client card.
        self.env["sms.sms"].create({"number": partner.mobile, "body": body, "partner_id": partner.id})
        self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()
        _logger.info("Self-registration %s: code sent by SMS to client %s", self.id, partner.id)

    # ------------------------------------------------------------- confirm

    def _check_code(self, code):
        """Step 2: ``True`` when ``code`` is this registration's valid code; a wrong one counts as an attempt.

        Never raises for a wrong code (the attempt must be saved with the request); returns ``False`` and the
        caller shows ``_code_error``.
        """
        self.ensure_one()
        # Lock the row: parallel guesses on one code are counted one after the other.
        self.env.cr.execute(SQL("SELECT id FROM telmico_auth_registration WHERE id = %s FOR UPDATE", self.id))
        self.invalidate_recordset()
        if self.state != "pending":
            return False
        if self.expires_at < fields.Datetime.now():
            self.write({"state": "void", "void_reason": "expired"})
            return False
        expected = self.code_hash or self._keyed_hash(f"{self.code_salt}:-")
        given = self._keyed_hash(f"{self.code_salt}:{(code or '').strip()}")
        if self.code_hash and hmac.compare_digest(expected, given):
            return True
        attempts = self.attempt_count + 1
        values = {"attempt_count": attempts}
        if attempts >= self._param(MAX_ATTEMPTS):
            values.update(state="void", void_reason="attempts")
        self.write(values)
        _logger.warning(
            "Self-registration %s: wrong code %s/%s from %s",
            self.id,
            attempts,
            self._param(MAX_ATTEMPTS),
            self.address,
        )
        return False

    def _code_error(self):
        """The message for a code that was not accepted: the same for a decoy and for a real registration."""
        self.ensure_one()
        _ = self.env._
        if self.state == "void" and self.void_reason == "expired":
            return _("The code has expired. Please request a new one.")
        if self.state != "pending":
            return _("This code is no longer valid. Please request a new one.")
        left = self._param(MAX_ATTEMPTS) - self.attempt_count
        return _("Wrong code. Attempts left: %s.", left)

    def _create_account(self, password):
        """Create the portal user of the verified client card with ``password``; returns it.

        Raises UserError when the client already has an account or the login is taken (the registration is
        then void: the customer starts again, or logs in).
        """
        self.ensure_one()
        _ = self.env._
        partner = self.partner_id
        existing = partner.with_context(active_test=False).user_ids
        if existing:
            self.write({"state": "void", "void_reason": "account_exists"})
            _logger.info("Self-registration %s: client %s already has an account", self.id, partner.id)
            raise UserError(
                _(
                    "You already have an account (login %s). Log in, or use “Reset password” on the login page.",
                    mask_login(existing[0].login),
                )
            )
        login_taken = _("This e-mail is already the login of an account. Log in, or register with another e-mail.")
        if self.env["res.users"].with_context(active_test=False).search_count([("login", "=", self.login)], limit=1):
            self.write({"state": "void", "void_reason": "login_taken"})
            _logger.info("Self-registration %s: the login is taken", self.id)
            raise UserError(login_taken)
        values = {"login": self.login, "partner_id": partner.id, "name": partner.name, "password": password}
        # the login becomes the client card's e-mail only when the card has none: staff keep the e-mail they entered
        values["email"] = partner.email or self.login
        if partner.lang:
            values["lang"] = partner.lang
        try:
            user = self.env["res.users"].with_context(no_reset_password=True)._signup_create_user(values)
        except SignupError:
            # the same login created meanwhile by another request
            self.write({"state": "void", "void_reason": "login_taken"})
            raise UserError(login_taken) from None
        self.write({"state": "done", "user_id": user.id})
        _logger.info("Self-registration %s: portal account %s created for client %s", self.id, user.id, partner.id)
        return user

    @api.model
    def _check_password(self, password, confirm):
        _ = self.env._
        if (password or "") != (confirm or ""):
            raise UserError(_("The passwords do not match."))
        if len(password or "") < MIN_PASSWORD_LENGTH:
            raise UserError(_("Choose a password of at least %s characters.", MIN_PASSWORD_LENGTH))

    @api.autovacuum
    def _gc_registrations(self):
        """Registrations are kept a month (the log of refused attempts), then removed."""
        self.search([("create_date", "<", fields.Datetime.now() - timedelta(days=KEEP_DAYS))]).unlink()
