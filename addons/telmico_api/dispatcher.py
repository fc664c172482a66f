"""The dispatcher of the Telmico API: every error is answered as ``{"error": {"code": …, "message": …}}``.

OCA fastapi lets exceptions leave the FastAPI app so that Odoo rolls the transaction back (nothing half-written)
and then formats them in its dispatcher's ``handle_error``; ours formats them the Telmico way.
"""

import logging
import threading
import uuid

from fastapi.exceptions import RequestValidationError
from psycopg2 import IntegrityError
from starlette.exceptions import HTTPException
from werkzeug.exceptions import HTTPException as WerkzeugHTTPException

from odoo.addons.fastapi.fastapi_dispatcher import FastApiDispatcher
from odoo.exceptions import AccessDenied, AccessError, MissingError, UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)
ROUTING_TYPE = "telmico_api"
BODY_PARSE_ERROR = "There was an error parsing the body"  # FastAPI's detail of an undecodable body
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    429: "rate_limited",
}


class ApiError(HTTPException):
    """An error answered with ``status_code`` and ``{"error": {"code": code, "message": message}}``."""

    def __init__(self, status_code, code, message, headers=None):
        super().__init__(status_code=status_code, detail=message, headers=headers)
        self.code = code


def validation_message(errors):
    """One line per schema error: where (body.subject, query.limit) and why."""
    parts = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
    return "; ".join(parts)


def error_status_body(exc):
    """The status, body and headers answering ``exc``."""
    headers = getattr(exc, "headers", None)
    if isinstance(exc, ApiError):
        status, code, message = exc.status_code, exc.code, exc.detail
    elif isinstance(exc, RequestValidationError):
        status, code, message = 400, "validation_error", validation_message(exc.errors())
    elif isinstance(exc, HTTPException) and exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR:
        # FastAPI's answer to a body it cannot decode at all (bad UTF-8): say what is wrong with it
        status, code, message = 400, "validation_error", str(_lt("body: not valid JSON in UTF-8."))
    elif isinstance(exc, HTTPException):
        status = exc.status_code
        code, message = CODES.get(status, "error"), str(exc.detail)
    elif isinstance(exc, WerkzeugHTTPException):
        status = exc.code or 500
        code, message = CODES.get(status, "error"), exc.description
    elif isinstance(exc, AccessDenied | AccessError):
        status, code, message = 403, "forbidden", str(exc.args[0] if exc.args else exc)
    elif isinstance(exc, MissingError):
        status, code, message = 404, "not_found", str(exc.args[0] if exc.args else exc)
    elif isinstance(exc, UserError):
        status, code, message = 400, "validation_error", str(exc.args[0] if exc.args else exc)
    elif isinstance(exc, IntegrityError):
        status, code, message = 409, "conflict", "The data conflicts with a record created at the same time."
    else:
        status, code, message, headers = 500, "internal_error", "Internal server error.", None
    return status, {"error": {"code": code, "message": message}}, headers


#: the header naming a call's slot in ``ERRORS`` (set by the dispatcher, read by ``CatchErrors``)
SLOT_HEADER = "x-telmico-error-slot"
ERRORS = {}  # slot -> the exception the FastAPI app raised for that call
ERRORS_LOCK = threading.Lock()


class CatchErrors:
    """ASGI middleware around the API: an exception leaving the FastAPI app is kept for the dispatcher, and an empty
    response is sent in its place.

    OCA fastapi lets exceptions out of the app, and a2wsgi (the ASGI → WSGI bridge) hands them over through an event
    that races with the end of the app: an error raised just after the body was read (an invalid JSON body) was lost
    about one time in five, and the dispatcher answered 500 instead of 400 (found by the schemathesis run). Here the
    app always ends with a response, and the dispatcher raises the kept exception itself: Odoo still rolls the
    transaction back and ``handle_error`` answers it.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        slot = dict(scope.get("headers") or ()).get(SLOT_HEADER.encode())
        started = False

        async def tracking_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started or not slot:
                raise
            with ERRORS_LOCK:
                ERRORS[slot.decode()] = exc
            await send({"type": "http.response.start", "status": 500, "headers": []})
            await send({"type": "http.response.body", "body": b""})


class TelmicoApiDispatcher(FastApiDispatcher):
    routing_type = ROUTING_TYPE

    def dispatch(self, endpoint, args):
        try:
            self._check_rate_limit()
            self._error_slot = uuid.uuid4().hex
            try:
                response = super().dispatch(endpoint, args)
            finally:
                with ERRORS_LOCK:
                    error = ERRORS.pop(self._error_slot, None)
            if error is not None:
                raise error
            return response
        except Exception as exc:
            # a caller's error (4xx) is logged by Odoo as an information, not with the traceback of a server error
            if error_status_body(exc)[0] < 500:
                exc.loglevel = logging.INFO
            raise

    def _get_environ(self):
        environ = super()._get_environ()
        # the slot where CatchErrors keeps this call's exception (a client's own header of that name is replaced)
        environ["HTTP_" + SLOT_HEADER.upper().replace("-", "_")] = self._error_slot
        return environ

    def handle_error(self, exc):
        status, body, headers = error_status_body(exc)
        return self.request.make_json_response(body, status=status, headers=headers)

    def _check_rate_limit(self):
        """429 with Retry-After when the call's API key is over its calls per minute.

        Counted here, in the request's thread, before the FastAPI app runs its routes in worker threads: the count
        is committed in a transaction of its own (see telmico.api.rate), so a call failing later still counts.
        A missing or unknown key is left to the app's authentication (401).
        """
        scheme, _sep, token = (self.request.httprequest.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return
        env = self.request.env
        # sudo: the call is not authenticated yet; keys and their counters are technical
        key = env["telmico.api.key"].sudo()._authenticate(token.strip())
        if not key:
            return
        retry_after = env["telmico.api.rate"].sudo()._hit(key)
        if retry_after:
            raise ApiError(
                429,
                "rate_limited",
                env._("More than %(limit)s calls in a minute with this API key.", limit=key.rate_limit),
                headers={"Retry-After": str(retry_after)},
            )
