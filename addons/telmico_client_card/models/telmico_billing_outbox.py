import json

import requests

from odoo import api, fields, models


class TelmicoBillingOutbox(models.Model):
    """Changes that must reach billing, sent by a cron with retries (at-least-once, idempotency key)."""

    _name = "telmico.billing.outbox"
    _inherit = ["telmico.outbox.mixin"]
    _description = "Change waiting to go to billing"
    _order = "id desc"

    backend_id = fields.Many2one("telmico.billing.backend", required=True, ondelete="cascade", index=True)
    subscriber_id = fields.Many2one("telmico.subscriber", index="btree_not_null", ondelete="set null")
    res_model = fields.Char(string="Origin model")
    res_id = fields.Integer(string="Origin record")
    description = fields.Char()
    billing_reference = fields.Char(help="Identifier billing gave the change.")

    MAX_ATTEMPTS = 8
    SEND_BATCH = 200

    @api.model
    def _enqueue(self, backend, payload, subscriber=None, origin=None, description=None):
        return self.create(
            {
                "backend_id": backend.id,
                "payload": payload,
                "subscriber_id": subscriber and subscriber.id,
                "res_model": origin and origin._name,
                "res_id": origin and origin.id,
                "description": description,
            }
        )

    def _post(self):
        backend = self.backend_id
        return requests.post(
            backend.base_url.rstrip("/") + "/api/v1/changes",
            data=json.dumps(self.payload, ensure_ascii=False).encode(),
            headers={
                **backend._http_headers(),
                "Content-Type": "application/json",
                "Idempotency-Key": f"telmico-outbox-{self.id}",
            },
            timeout=backend.timeout or 30,
        )

    def _sent_values(self, response):
        try:
            return {"billing_reference": str(response.json().get("id") or "")}
        except ValueError:
            return {"billing_reference": ""}
