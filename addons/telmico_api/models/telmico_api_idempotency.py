import json
from datetime import timedelta

from odoo import api, fields, models

KEEP_DAYS = 7  # a retried call is answered from its first response for this long


class TelmicoApiIdempotency(models.Model):
    """The first response to a create called with an ``Idempotency-Key``: a retry gets it back, nothing is created
    twice. Technical (system only): written and read by the API with sudo."""

    _name = "telmico.api.idempotency"
    _description = "API idempotency record"
    _log_access = True

    key = fields.Char(required=True)
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade")
    method = fields.Char(required=True)
    path = fields.Char(required=True)
    request_hash = fields.Char(required=True)
    status_code = fields.Integer(required=True)
    response = fields.Text(required=True)

    _sql_constraints = [
        ("key_user_uniq", "unique(user_id, key)", "An idempotency key is used once per user."),
    ]

    @api.model
    def _lookup(self, user, key):
        return self.search([("user_id", "=", user.id), ("key", "=", key)], limit=1)

    @api.model
    def _store(self, user, key, method, path, request_hash, status_code, body):
        return self.create(
            {
                "key": key,
                "user_id": user.id,
                "method": method,
                "path": path,
                "request_hash": request_hash,
                "status_code": status_code,
                "response": json.dumps(body),
            }
        )

    @api.autovacuum
    def _gc_expired(self):
        self.search([("create_date", "<", fields.Datetime.now() - timedelta(days=KEEP_DAYS))]).unlink()
