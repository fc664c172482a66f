import hashlib
import hmac
import secrets

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# tlm_<prefix>_<secret>: the prefix finds the key (shown in the list), the secret proves it (only its hash is kept)
KEY_PREFIX = "tlm"
PREFIX_LENGTH = 8


def hash_key(key):
    """The stored hash of an API key: the keys are long random strings, so a plain SHA-256 is enough."""
    return hashlib.sha256(key.encode()).hexdigest()


class TelmicoApiKey(models.Model):
    """A bearer key of the REST API: every call made with it runs as its user, with that user's rights."""

    _name = "telmico.api.key"
    _description = "API key"
    _order = "create_date desc, id desc"

    name = fields.Char(required=True, help="Who or what uses the key, e.g. the personal cabinet.")
    user_id = fields.Many2one(
        "res.users",
        required=True,
        ondelete="cascade",
        index=True,
        help="The calls run as this user: its access rights and record rules apply.",
    )
    prefix = fields.Char(readonly=True, required=True, index=True, copy=False, help="The visible start of the key.")
    key_hash = fields.Char(readonly=True, required=True, copy=False)
    date_expiry = fields.Date(string="Expires on", help="Refused from that day on. Empty: no expiry.")
    revoked = fields.Boolean(readonly=True, copy=False)
    date_revoked = fields.Datetime(string="Revoked on", readonly=True, copy=False)
    last_used = fields.Datetime(readonly=True, copy=False, help="The last call made with the key (to the minute).")
    acts_for_customers = fields.Boolean(
        string="Acts for customers",
        help="A personal cabinet's key: it may read and write the requests and services of any customer named by "
        "personal number or company ID (/api/v1/customers/...), replies authored by the customer. The key's user "
        "must be an internal user.",
    )
    rate_limit = fields.Integer(
        string="Calls per minute", default=60, help="More calls in a minute are refused with 429. 0: no limit."
    )
    status = fields.Selection(
        [("active", "Active"), ("expired", "Expired"), ("revoked", "Revoked")], compute="_compute_status"
    )

    _sql_constraints = [
        ("prefix_uniq", "unique(prefix)", "Each API key has its own prefix."),
        ("rate_limit_positive", "CHECK(rate_limit >= 0)", "The calls per minute cannot be negative."),
    ]

    @api.depends("revoked", "date_expiry")
    def _compute_status(self):
        today = fields.Date.context_today(self)
        for key in self:
            if key.revoked:
                key.status = "revoked"
            elif key.date_expiry and key.date_expiry <= today:
                key.status = "expired"
            else:
                key.status = "active"

    @api.constrains("acts_for_customers", "user_id")
    def _check_customer_key_user(self):
        for key in self:
            if key.acts_for_customers and key.user_id.share:
                raise ValidationError(
                    self.env._("The user of a key acting for customers must be an internal user (%s).", key.name)
                )

    def action_revoke(self):
        self.filtered(lambda k: not k.revoked).write({"revoked": True, "date_revoked": fields.Datetime.now()})
        return True

    @api.model
    def _generate(self, vals):
        """A new key with ``vals``: the record, and the full key (shown once, never stored)."""
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        record = self.create({**vals, "prefix": prefix, "key_hash": hash_key(key)})
        return record, key

    @api.model
    def _authenticate(self, key):
        """The active key whose full text is ``key``, or an empty recordset."""
        parts = (key or "").split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX or len(parts[1]) != PREFIX_LENGTH:
            return self.browse()
        record = self.search([("prefix", "=", parts[1])], limit=1)
        if not record or not hmac.compare_digest(record.key_hash, hash_key(key)):
            return self.browse()
        if record.status != "active" or not record.user_id.active:
            return self.browse()
        return record
