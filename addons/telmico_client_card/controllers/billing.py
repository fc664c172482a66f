import json
import logging

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)
MAX_BODY = 20 * 1024 * 1024
MAX_ITEMS = 10000


def _parse_int(text):
    """JSON integers: one too long for ``int()`` (over 4300 digits) must not fail the whole push.

    It becomes an infinite float, which the record's validation refuses like any other
    value out of range; the other records of the push are applied.
    """
    return int(text) if len(text) <= 1000 else float(text)


class BillingPushController(http.Controller):
    """Near-real-time changes pushed by the billing system (contract in the addon README).

    Every refusal is a 4xx with a JSON body ``{"error": ...}``: the body's size, the connector,
    the media type, the signature headers (their shape first, then the HMAC), the JSON shape,
    then each record on its own (refused records are listed in the 200 answer).
    """

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
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > MAX_BODY:
            return self._json({"error": "payload_too_large", "detail": "at most 20 MB"}, 413)
        body = httprequest.get_data(cache=False)
        if len(body) > MAX_BODY:
            return self._json({"error": "payload_too_large", "detail": "at most 20 MB"}, 413)
        # sudo: the caller is authenticated by the HMAC signature below, not by a session
        backend = request.env["telmico.billing.backend"].sudo().browse(backend_id).exists()
        if not backend or not backend.active:
            return self._json({"error": "unknown_backend"}, 404)
        if httprequest.mimetype != "application/json":
            # a form body would have been consumed by the form parser: it could not be verified
            return self._json({"error": "unsupported_media_type", "detail": "Content-Type: application/json"}, 415)
        headers = httprequest.headers
        reason = backend._check_push_signature(
            body, headers.get("X-Telmico-Timestamp"), headers.get("X-Telmico-Signature")
        )
        if reason:
            _logger.warning("Billing push to connector %s refused: %s", backend_id, reason)
            return self._json({"error": "invalid_signature", "reason": reason}, 401)
        try:
            payload = json.loads(body, parse_int=_parse_int)
        except (ValueError, RecursionError):
            payload = None
        items = payload.get("items") if isinstance(payload, dict) else None
        if not isinstance(items, list):
            return self._json({"error": "malformed_payload", "detail": 'expected {"items": [...]}'}, 400)
        if len(items) > MAX_ITEMS:
            return self._json({"error": "payload_too_large", "detail": f"at most {MAX_ITEMS} items"}, 413)
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
