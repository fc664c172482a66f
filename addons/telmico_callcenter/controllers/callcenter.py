import json
import logging

from odoo import http
from odoo.addons.telmico_client_card.tools.phone import normalize_phone
from odoo.http import request

from ..tools.call_event import EventError, is_withheld, parse_event

_logger = logging.getLogger(__name__)
MAX_BODY = 64 * 1024  # one event is a few hundred bytes


class CallcenterController(http.Controller):
    """The telephony contract (addon README): call events in, client look-up out, both signed per connection.

    Every refusal is a 4xx with a JSON body ``{"error": ...}``, checked in this order: the body's size, the
    connection, the media type, the signature (shape, replay window, HMAC), then the JSON and its fields.
    """

    @http.route(
        "/telmico/callcenter/<int:connection_id>/events",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def events(self, connection_id, **kwargs):
        connection, body, error = self._authenticate(connection_id)
        if error:
            return error
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            return self._json({"error": "malformed_json"}, 400)
        try:
            values = parse_event(payload)
        except EventError as exc:
            return self._json({"error": exc.code, "fields": exc.fields}, 400)
        # the platform acts in the connection's company
        env = connection.env(context=dict(connection.env.context, allowed_company_ids=connection.company_id.ids))
        status, event = env["telmico.call"]._receive_event(connection.with_env(env), values, payload)
        return self._json(
            {
                "status": status,
                "call": event.call_id.id,
                "event": event.id,
                "disposition": event.call_id.disposition or None,
                "warnings": event.warning.split(", ") if event.warning else [],
            },
            200,
        )

    @http.route(
        "/telmico/callcenter/<int:connection_id>/lookup",
        type="http",
        auth="none",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
        readonly=True,
    )
    def lookup(self, connection_id, **kwargs):
        connection, body, error = self._authenticate(connection_id)
        if error:
            return error
        if request.httprequest.method == "POST":
            try:
                payload = json.loads(body)
            except (ValueError, RecursionError):
                return self._json({"error": "malformed_json"}, 400)
            number = payload.get("number") if isinstance(payload, dict) else None
        else:
            number = request.httprequest.args.get("number")
        if not isinstance(number, str) or not number.strip():
            return self._json({"error": "missing_fields", "fields": {"number": "required"}}, 400)
        if is_withheld(number):
            return self._json({"number": None, "withheld": True, "clients": []}, 200)
        normalized = normalize_phone(number[:64])
        if not normalized:
            return self._json({"error": "invalid_fields", "fields": {"number": "invalid_number"}}, 400)
        env = connection.env(context=dict(connection.env.context, allowed_company_ids=connection.company_id.ids))
        Call = env["telmico.call"]
        clients = Call._clients_by_number(normalized)
        base_url = env["ir.config_parameter"].get_param("web.base.url", "")
        return self._json({"number": normalized, "clients": Call._clients_info(clients, base_url)}, 200)

    # ---------------------------------------------------------------- helpers

    def _authenticate(self, connection_id):
        """``(connection, signed message, None)`` or ``(None, None, 4xx answer)``.

        The signed message is the raw body of a POST, the raw query string of a GET.
        """
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > MAX_BODY:
            return None, None, self._json({"error": "payload_too_large", "detail": "at most 64 kB"}, 413)
        # sudo: the platform is authenticated by the HMAC signature below, not by a session
        connection = request.env["telmico.callcenter.connection"].sudo().browse(connection_id).exists()
        if not connection or not connection.active:
            return None, None, self._json({"error": "unknown_connection"}, 404)
        if httprequest.method == "POST":
            if httprequest.mimetype != "application/json":
                # a form body would have been consumed by the form parser: it could not be verified
                detail = "Content-Type: application/json"
                return None, None, self._json({"error": "unsupported_media_type", "detail": detail}, 415)
            message = httprequest.get_data(cache=True)
            if len(message) > MAX_BODY:
                return None, None, self._json({"error": "payload_too_large", "detail": "at most 64 kB"}, 413)
        else:
            message = httprequest.query_string
        headers = httprequest.headers
        reason = connection._check_signature(
            message, headers.get("X-Telmico-Timestamp"), headers.get("X-Telmico-Signature")
        )
        if reason:
            _logger.warning("Telephony request to connection %s refused: %s", connection_id, reason)
            return None, None, self._json({"error": "invalid_signature", "reason": reason}, 401)
        return connection, message, None

    @staticmethod
    def _json(data, status):
        return request.make_json_response(data, status=status)
