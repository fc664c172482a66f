import logging
from datetime import timedelta

import requests

from odoo import api, fields, models

from ..tools.batch import commit_chunk

_logger = logging.getLogger(__name__)


class TelmicoOutboxMixin(models.AbstractModel):
    """A queue of messages for another system, posted by a cron: sent, or retried with backoff, then failed.

    The inheriting model implements ``_post`` (one HTTP call of ``payload``) and may add ``_sent_values``.
    Events only fill the queue, so the call never happens inside the transaction of the user who caused them.
    """

    _name = "telmico.outbox.mixin"
    _description = "Queue of messages for another system"

    MAX_ATTEMPTS = 5
    SEND_BATCH = 100

    payload = fields.Json(required=True, readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")], default="pending", required=True, index=True
    )
    attempts = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(default=fields.Datetime.now, index=True, readonly=True)
    last_error = fields.Text(readonly=True)
    sent_at = fields.Datetime(readonly=True)

    @api.model
    def _cron_send(self, limit=None):
        """Post the messages that are due, ``limit`` at a time, committing after each one."""
        due = self.search(
            [("state", "=", "pending"), ("next_attempt_at", "<=", fields.Datetime.now())],
            limit=limit or self.SEND_BATCH,
            order="id",
        )
        for message in due:
            message._send()
            commit_chunk(self.env)
        return len(due)

    def _post(self):
        """Make the HTTP call of this message and return its response; raise ``requests.RequestException``."""
        raise NotImplementedError

    def _sent_values(self, response):
        """Extra values to store once the other system accepted the message."""
        return {}

    def _send(self):
        self.ensure_one()
        try:
            response = self._post()
            ok = 200 <= response.status_code < 300
            error = None if ok else f"HTTP {response.status_code}: {response.text[:500]}"
        except requests.RequestException as exc:
            ok, error, response = False, str(exc), None
        attempts = self.attempts + 1
        if ok:
            self.write(
                {
                    "state": "sent",
                    "sent_at": fields.Datetime.now(),
                    "attempts": attempts,
                    "last_error": False,
                    **self._sent_values(response),
                }
            )
            return True
        _logger.info("%s %s not delivered: %s", self._name, self.id, error)
        self.write(
            {
                "attempts": attempts,
                "last_error": error,
                "state": "failed" if attempts >= self.MAX_ATTEMPTS else "pending",
                "next_attempt_at": fields.Datetime.now() + timedelta(minutes=2**attempts),
            }
        )
        return False

    def action_retry(self):
        self.write({"state": "pending", "next_attempt_at": fields.Datetime.now(), "attempts": 0})
        return True
