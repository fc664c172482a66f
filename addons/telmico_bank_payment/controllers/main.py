import json
import logging
from datetime import UTC, datetime

from odoo import SUPERUSER_ID, http
from odoo.http import request

from ..tools import protocol
from ..tools.protocol import ProtocolError

_logger = logging.getLogger(__name__)
MAX_BODY = 16 * 1024


class BankPaymentController(http.Controller):
    """The bank payment endpoint: ``check`` then ``pay`` (contract in the addon README).

    Every answer is JSON ``{"status": {"code", "value"}, "timestamp", ...}``; the HTTP status follows the code
    (200 for 0 and 12, 4xx otherwise), so that nothing refused looks like a success to a proxy or a log.
    """

    @http.route(
        "/telmico/bank/<string:code>/<any(check, pay):operation>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def bank_call(self, code, operation, **kwargs):
        httprequest = request.httprequest
        try:
            if (httprequest.content_length or 0) > MAX_BODY:
                raise ProtocolError(protocol.BAD_REQUEST, "body too large")
            body = httprequest.get_data()
            # sudo: the bank is authenticated below by its signature or credentials, not by a session
            bank = request.env["telmico.bank"].sudo().search([("code", "=", code)], limit=1)
            if not bank:
                raise ProtocolError(protocol.ACCESS_DENIED, "unknown or inactive bank")
            bank._authenticate(body, httprequest.headers, httprequest.remote_addr)
            if httprequest.mimetype != "application/json":
                raise ProtocolError(protocol.BAD_REQUEST, "Content-Type must be application/json")
            try:
                payload = json.loads(body)
            except (ValueError, RecursionError):
                payload = None
            if not isinstance(payload, dict):
                raise ProtocolError(protocol.BAD_REQUEST, "expected a JSON object")
            # the bank's payments are posted as the superuser (an authenticated bank is not a user of ours:
            # account's code needs a real user, e.g. for its companies), in the bank's company
            bank = bank.with_user(SUPERUSER_ID).with_company(bank.company_id)
            if operation == "check":
                code_, answer = protocol.OK, bank._check(payload)
            else:
                code_, answer = bank._pay(payload, remote_addr=httprequest.remote_addr)
        except ProtocolError as error:
            _logger.info("Bank call %s/%s refused: %s %s", code, operation, error.code, error.detail)
            return self._answer(error.code, {"detail": error.detail})
        return self._answer(code_, answer)

    @staticmethod
    def _answer(code, fields):
        data = {"status": protocol.status(code), "timestamp": datetime.now(UTC).isoformat(timespec="seconds")}
        data.update(fields)
        return request.make_json_response(data, status=protocol.CODES[code][1])
