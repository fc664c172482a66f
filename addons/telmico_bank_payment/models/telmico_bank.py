import base64
import binascii
import hmac
import ipaddress
import logging
import re

from odoo import api, fields, models
from odoo.addons.telmico_base.tools.signature import generate_secret, header_problem, signed_by
from odoo.exceptions import UserError, ValidationError

from ..tools import protocol
from ..tools.protocol import ProtocolError

_logger = logging.getLogger(__name__)

SIGNATURE_TOLERANCE = 300  # seconds a signed call's timestamp may differ from our clock
MIN_SECRET_LENGTH = 32
CODE_RE = re.compile(r"[a-z0-9_-]{2,32}")
TBILISI = "Asia/Tbilisi"


class TelmicoBank(models.Model):
    """A bank allowed to post its customers' payments of our invoices (contract in the addon README)."""

    _name = "telmico.bank"
    _description = "Bank posting payments"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="The bank's part of the endpoint's address: /telmico/bank/<code>/check and /pay "
        "(2 to 32 lower-case Latin letters, digits, - or _).",
    )
    active = fields.Boolean(default=True)
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="The payments the bank posts are registered on this journal.",
    )
    company_id = fields.Many2one(related="journal_id.company_id", store=True, index=True)
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    auth_method = fields.Selection(
        [("hmac", "HMAC signature"), ("basic", "Basic authentication and IP allow-list")],
        string="Authentication",
        required=True,
        default="hmac",
    )
    # The secrets: readable by system administrators only (the server needs them in clear to check calls).
    secret = fields.Char(
        groups="base.group_system",
        copy=False,
        default=lambda self: generate_secret(),
        help="Shared secret of the HMAC-SHA256 signature of the bank's calls.",
    )
    secret_hint = fields.Char(compute="_compute_secret_hint", store=True, help="The secret's last characters.")
    username = fields.Char(copy=False, help="Basic authentication: the bank's user name.")
    password = fields.Char(groups="base.group_system", copy=False, help="Basic authentication: the bank's password.")
    allowed_ips = fields.Char(
        string="Allowed addresses",
        help="Basic authentication: the addresses the bank calls from, comma-separated (IP or network, "
        "e.g. 192.0.2.10, 198.51.100.0/24).",
    )
    last_call_date = fields.Datetime(readonly=True, copy=False, help="When the bank last asked to pay.")
    transaction_ids = fields.One2many("telmico.bank.transaction", "bank_id")
    transaction_count = fields.Integer(compute="_compute_transaction_count")

    _sql_constraints = [("code_uniq", "unique (code)", "Another bank already has this code.")]

    @api.depends("journal_id.currency_id", "company_id.currency_id")
    def _compute_currency_id(self):
        for bank in self:
            bank.currency_id = bank.journal_id.currency_id or bank.company_id.currency_id

    @api.depends("secret")
    def _compute_secret_hint(self):
        # sudo: the secret is readable by system administrators only; its hint by everyone who sees the bank
        for bank in self.sudo():
            bank.secret_hint = bank.secret and "…" + bank.secret[-4:]

    def _compute_transaction_count(self):
        counts = dict(
            self.env["telmico.bank.transaction"]._read_group([("bank_id", "in", self.ids)], ["bank_id"], ["__count"])
        )
        for bank in self:
            bank.transaction_count = counts.get(bank, 0)

    @api.constrains("code")
    def _check_code(self):
        for bank in self:
            if not CODE_RE.fullmatch(bank.code or ""):
                raise ValidationError(
                    self.env._(
                        "The bank's code “%s” must be 2 to 32 lower-case Latin letters, digits, - or _.", bank.code
                    )
                )

    @api.constrains("auth_method", "secret", "username", "password", "allowed_ips")
    def _check_authentication(self):
        # sudo: the secrets are readable by system administrators only; they are checked whoever writes
        for bank in self.sudo():
            if bank.auth_method == "hmac" and len(bank.secret or "") < MIN_SECRET_LENGTH:
                raise ValidationError(
                    self.env._(
                        "The bank's secret must be at least %s characters long: use the generated one.",
                        MIN_SECRET_LENGTH,
                    )
                )
            if bank.auth_method == "basic":
                if not (bank.username and bank.password and bank.allowed_ips):
                    raise ValidationError(
                        self.env._("Basic authentication needs a user name, a password and the allowed addresses.")
                    )
                bank._allowed_networks()

    # ------------------------------------------------------------------ actions

    def action_new_secret(self):
        """Generate a new signing secret (the bank must be given it: the old one stops working)."""
        for bank in self:
            bank.secret = generate_secret()
        return True

    def action_open_transactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_bank_payment.telmico_bank_transaction_action")
        action["domain"] = [("bank_id", "=", self.id)]
        action["context"] = {"default_bank_id": self.id}
        return action

    # ------------------------------------------------------------------ authentication

    def _allowed_networks(self):
        self.ensure_one()
        networks = []
        for item in (self.allowed_ips or "").split(","):
            if not item.strip():
                continue
            try:
                networks.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError as error:
                raise ValidationError(self.env._("“%s” is not an IP address or network.", item.strip())) from error
        return networks

    def _authenticate(self, body, headers, remote_addr):
        """Raise ``ProtocolError`` (3 for a bad signature, 1 for bad credentials or address) unless the call is the
        bank's: an HMAC-SHA256 of "<timestamp>.<body>" (telmico_base's signed calls), or Basic credentials from an
        allowed address. Secrets are compared in constant time."""
        self.ensure_one()
        # sudo: the secrets are readable by system administrators only; the endpoint runs unauthenticated
        bank = self.sudo()
        if bank.auth_method == "hmac":
            timestamp, signature = headers.get("X-Telmico-Timestamp"), headers.get("X-Telmico-Signature")
            problem, digest = header_problem(timestamp, signature, SIGNATURE_TOLERANCE)
            if problem:
                raise ProtocolError(protocol.INVALID_HASH, problem)
            if len(bank.secret or "") < MIN_SECRET_LENGTH or not signed_by([bank.secret], timestamp, body, digest):
                raise ProtocolError(protocol.INVALID_HASH, "signature_mismatch")
            return
        try:
            address = ipaddress.ip_address(remote_addr or "")
        except ValueError:
            address = None
        if address is None or not any(address in network for network in bank._allowed_networks()):
            raise ProtocolError(protocol.ACCESS_DENIED, "address not allowed")
        scheme, _sep, encoded = (headers.get("Authorization") or "").partition(" ")
        try:
            username, _sep, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            username = password = ""
        valid = hmac.compare_digest(username.encode(), (bank.username or "").encode())
        valid &= hmac.compare_digest(password.encode(), (bank.password or "").encode())
        if scheme.lower() != "basic" or not valid:
            raise ProtocolError(protocol.ACCESS_DENIED, "bad credentials")

    # ------------------------------------------------------------------ check and pay

    def _find_invoice(self, reference):
        """The customer invoice numbered ``reference`` in the bank's company (``ProtocolError`` 6 when none)."""
        self.ensure_one()
        invoice = self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("name", "=", reference),
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("posted", "cancel")),
            ],
            limit=1,
        )
        if not invoice:
            raise ProtocolError(protocol.CUSTOMER_NOT_FOUND, "unknown invoice")
        return invoice

    def _find_customers(self, number):
        """The clients whose personal (11 digits) or company (9 digits) number is ``number`` (6 when none)."""
        field = "personal_number" if len(number) == 11 else "company_registry"
        partners = self.env["res.partner"].search([(field, "=", number)])
        if not partners:
            raise ProtocolError(protocol.CUSTOMER_NOT_FOUND, "unknown customer")
        return partners.commercial_partner_id

    def _invoice_debt(self, invoice):
        currency = invoice.currency_id
        return {
            "invoice": invoice.name,
            "amount": protocol.to_tetri(invoice.amount_residual, currency.decimal_places),
            "currency": currency.name,
            "dueDate": fields.Date.to_string(invoice.invoice_date_due),
        }

    def _check(self, payload):
        """The answer to a check: the customer's masked name and the open invoices (amounts in tetri)."""
        self.ensure_one()
        reference = protocol.parse_text(payload, "invoice", required=False)
        number = protocol.parse_text(payload, "customer", protocol.CUSTOMER_RE, required=False)
        if bool(reference) == bool(number):
            raise ProtocolError(protocol.BAD_REQUEST, "give either invoice or customer")
        if reference:
            invoices = self._find_invoice(reference)
            if invoices.state == "cancel":
                raise ProtocolError(protocol.NOT_PAYABLE, "invoice cancelled")
            customer = invoices.commercial_partner_id
        else:
            customer = self._find_customers(number)
            invoices = self.env["account.move"].search(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("company_id", "=", self.company_id.id),
                    ("commercial_partner_id", "in", customer.ids),
                    ("payment_state", "in", ("not_paid", "partial")),
                ],
                order="invoice_date_due, id",
            )
        debts = [self._invoice_debt(invoice) for invoice in invoices if invoice.amount_residual > 0]
        return {
            "customer": {"name": protocol.mask_name(customer[:1].name)},
            "invoices": debts,
            "debt": sum(debt["amount"] for debt in debts),
        }

    def _pay(self, payload, remote_addr=None):
        """Post the payment of a pay call; returns ``(code, answer fields)`` (0, or 12 for a replay).

        Calls of one bank are serialised: the bank's row is written first, so that a concurrent call
        with the same ``transactionId`` fails to serialise, is retried by Odoo and then finds this one.
        """
        self.ensure_one()
        transaction_id = protocol.parse_text(payload, "transactionId", protocol.TRANSACTION_ID_RE)
        reference = protocol.parse_text(payload, "invoice")
        amount = protocol.parse_tetri(payload.get("amount"))
        currency_name = protocol.parse_text(payload, "currency", re.compile(r"[A-Z]{3}"))
        self.last_call_date = fields.Datetime.now()
        self.flush_recordset(["last_call_date"])
        Transaction = self.env["telmico.bank.transaction"]
        done = Transaction.search([("bank_id", "=", self.id), ("transaction_id", "=", transaction_id)])
        if done:
            if (done.amount_tetri, done.move_id.name, done.currency_id.name) != (amount, reference, currency_name):
                raise ProtocolError(protocol.NOT_UNIQUE, "transactionId already used for another payment")
            return protocol.ALREADY_SUCCESSFUL, done._answer()
        invoice = self._find_invoice(reference)
        if invoice.state != "posted":
            raise ProtocolError(protocol.NOT_PAYABLE, "invoice cancelled")
        currency = invoice.currency_id
        if currency_name != currency.name:
            raise ProtocolError(protocol.INVALID_CURRENCY, f"the invoice is in {currency.name}")
        residual = protocol.to_tetri(invoice.amount_residual, currency.decimal_places)
        if residual <= 0 or invoice.payment_state in ("paid", "in_payment", "reversed"):
            raise ProtocolError(protocol.NOTHING_TO_PAY, "invoice already paid")
        if amount > residual:
            raise ProtocolError(protocol.INVALID_AMOUNT, f"more than the debt ({residual})")
        value = currency.round(amount / 10**currency.decimal_places)
        try:
            # all or nothing: a payment Odoo refuses to post (e.g. the journal lacks a payment method) leaves no trace
            with self.env.cr.savepoint():
                transaction = self._post_payment(invoice, transaction_id, amount, value, remote_addr)
        except (UserError, ValidationError) as error:
            _logger.warning("Bank %s: payment of %s refused by accounting: %s", self.code, invoice.name, error)
            raise ProtocolError(protocol.SYSTEM_ERROR, "the payment could not be posted, try again later") from error
        _logger.info("Bank %s paid %s of %s (transaction %s)", self.code, value, invoice.name, transaction_id)
        return protocol.OK, transaction._answer()

    def _post_payment(self, invoice, transaction_id, amount, value, remote_addr):
        """The payment of ``value`` reconciled with ``invoice`` by Odoo's wizard, and its transaction."""
        currency = invoice.currency_id
        payment = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "journal_id": self.journal_id.id,
                    "amount": value,
                    "currency_id": currency.id,
                    "payment_date": fields.Date.context_today(self.with_context(tz=TBILISI)),
                    "communication": f"{self.name} {transaction_id}",
                    "payment_difference_handling": "open",
                }
            )
            ._create_payments()
        )
        return self.env["telmico.bank.transaction"].create(
            {
                "bank_id": self.id,
                "transaction_id": transaction_id,
                "move_id": invoice.id,
                "payment_id": payment.id,
                "amount_tetri": amount,
                "amount": value,
                "currency_id": currency.id,
                "remote_addr": remote_addr,
            }
        )
