import json
import logging

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)
MAX_BODY = 20 * 1024 * 1024


class BillingPushController(http.Controller):
    """Near-real-time changes pushed by the billing system (contract in the addon README)."""

    @http.route(
        "/telmico/billing/push/<int:backend_id>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def push(self, backend_id, **kwargs):
        body = request.httprequest.get_data(cache=False)
        if len(body) > MAX_BODY:
            return self._json({"error": "payload_too_large"}, 413)
        # sudo: the caller is authenticated by the HMAC signature below, not by a session
        backend = request.env["telmico.billing.backend"].sudo().browse(backend_id).exists()
        if not backend or not backend.active:
            return self._json({"error": "unknown_backend"}, 404)
        headers = request.httprequest.headers
        if not backend._verify_signature(body, headers.get("X-Telmico-Timestamp"), headers.get("X-Telmico-Signature")):
            _logger.warning("Billing push to connector %s refused: bad or missing signature", backend_id)
            return self._json({"error": "invalid_signature"}, 401)
        try:
            payload = json.loads(body)
            items = payload["items"]
            if not isinstance(items, list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            return self._json({"error": "malformed_payload", "detail": 'expected {"items": [...]}'}, 400)
        # applied as the billing integration's technical user: the only writer of subscribers
        integration = request.env.ref("telmico_client_card.user_billing_integration")
        backend = backend.with_user(integration).with_context(telmico_billing_sync=True)
        run, stats = backend._receive_push(items)
        return self._json(
            {
                "run": run.id,
                "received": stats["received"],
                "created": stats["created"],
                "updated": stats["updated"],
                "unchanged": stats["unchanged"],
                "errors": [{"reference": e.reference, "reason": e.reason} for e in run.error_ids],
            },
            200,
        )

    @staticmethod
    def _json(data, status):
        return request.make_json_response(data, status=status)
