"""Delivery reports and incoming SMS from the SMS gateways (contract: the addon README, *Delivery reports*,
*Incoming SMS*)."""

import hashlib
import hmac
import json
import logging
import re

from odoo.http import Controller, request, route

from ..models.sms_sms import REPORT_STATUSES

_logger = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
MAX_REPORTS = 1000
SIGNATURE_RE = re.compile(r"sha256=([0-9a-f]{64})")
REFERENCE_RE = re.compile(r"[0-9A-Za-z-]{1,80}")
DESTINATION_RE = re.compile(r"995[0-9]{9}")


def sign(secret, body):
    """The ``X-Telmico-Signature`` value of ``body`` (bytes): ``sha256=`` + hex HMAC-SHA256 with ``secret``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class BadReport(ValueError):
    pass


def parse_reports(body):
    """``[(reference, destination, status)]`` of a report body; ``BadReport`` with the reason otherwise."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BadReport("the body is not JSON") from error
    reports = payload.get("reports") if isinstance(payload, dict) else None
    if not isinstance(reports, list) or not 0 < len(reports) <= MAX_REPORTS:
        raise BadReport(f"'reports' must be a list of 1 to {MAX_REPORTS} reports")
    parsed = []
    for index, item in enumerate(reports):
        if not isinstance(item, dict):
            raise BadReport(f"report {index}: not an object")
        reference, destination, status = item.get("reference"), item.get("destination"), item.get("status")
        if not isinstance(reference, str) or not REFERENCE_RE.fullmatch(reference):
            raise BadReport(f"report {index}: invalid 'reference'")
        if not isinstance(destination, str) or not DESTINATION_RE.fullmatch(destination):
            raise BadReport(f"report {index}: 'destination' must be 995 and nine digits")
        if status not in REPORT_STATUSES:
            raise BadReport(f"report {index}: 'status' must be one of {', '.join(REPORT_STATUSES)}")
        parsed.append((reference, destination, status))
    return parsed


def parse_incoming(body):
    """``[(number 995…, text)]`` of an incoming-SMS body; ``BadReport`` with the reason otherwise."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BadReport("the body is not JSON") from error
    messages = payload.get("messages") if isinstance(payload, dict) else None
    if not isinstance(messages, list) or not 0 < len(messages) <= MAX_REPORTS:
        raise BadReport(f"'messages' must be a list of 1 to {MAX_REPORTS} messages")
    parsed = []
    for index, item in enumerate(messages):
        if not isinstance(item, dict):
            raise BadReport(f"message {index}: not an object")
        number, text = item.get("from"), item.get("text")
        if not isinstance(number, str) or not DESTINATION_RE.fullmatch(number):
            raise BadReport(f"message {index}: 'from' must be 995 and nine digits")
        if not isinstance(text, str) or len(text) > 1600:
            raise BadReport(f"message {index}: 'text' must be a text of at most 1600 characters")
        parsed.append((number, text))
    return parsed


class SmsReportController(Controller):
    def _signed_body(self, gateway_id):
        """``(gateway, body)`` of a call signed with the gateway's report secret, or ``(None, error response)``."""
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > MAX_BODY:
            return None, request.make_json_response({"error": "body too large"}, status=413)
        body = httprequest.get_data()[: MAX_BODY + 1]
        if len(body) > MAX_BODY:
            return None, request.make_json_response({"error": "body too large"}, status=413)
        # sudo: the caller is the gateway, not a user; the signature with the gateway's secret authenticates it
        gateway = request.env["telmico.sms.gateway"].sudo().browse(gateway_id).exists()
        signature = httprequest.headers.get("X-Telmico-Signature", "")
        if (
            not gateway
            or not gateway.active
            or not gateway.report_secret
            or not SIGNATURE_RE.fullmatch(signature)
            or not hmac.compare_digest(signature, sign(gateway.report_secret, body))
        ):
            return None, request.make_json_response({"error": "invalid signature"}, status=401)
        return gateway, body

    @route("/telmico_sms/inbound/<int:gateway_id>", type="http", auth="public", methods=["POST"], csrf=False)
    def inbound(self, gateway_id, **_kwargs):
        """Incoming SMS signed with the gateway's report secret: STOP / START change the number's SMS opt-out."""
        gateway, body = self._signed_body(gateway_id)
        if not gateway:
            return body
        try:
            messages = parse_incoming(body)
        except BadReport as error:
            return request.make_json_response({"error": str(error)}, status=400)
        counts = gateway._receive_sms(messages)
        _logger.info("SMS gateway %s: incoming SMS %s", gateway.id, counts)
        return request.make_json_response(counts)

    @route("/telmico_sms/report/<int:gateway_id>", type="http", auth="public", methods=["POST"], csrf=False)
    def report(self, gateway_id, **_kwargs):
        """Apply a batch of delivery reports signed with the gateway's report secret."""
        gateway, body = self._signed_body(gateway_id)
        if not gateway:
            return body
        try:
            reports = parse_reports(body)
        except BadReport as error:
            return request.make_json_response({"error": str(error)}, status=400)
        # sudo: the gateway's signed report (checked above) updates any user's SMS
        Sms = request.env["sms.sms"].sudo()
        updated, unknown = 0, []
        for reference, destination, status in reports:
            sms = Sms._find_reported(gateway, reference, destination)
            if not sms:
                unknown.append({"reference": reference, "destination": destination})
                continue
            sms._apply_report(status)
            updated += len(sms)
        _logger.info("SMS gateway %s: %s delivery reports applied, %s unknown", gateway.id, updated, len(unknown))
        if not updated:
            return request.make_json_response({"error": "unknown messages", "unknown": unknown}, status=404)
        return request.make_json_response({"updated": updated, "unknown": unknown})
