"""HTTP adapters of the SMS gateways (contracts: the addon README). Pure Python with ``requests``.

Each adapter sends one text from one sender to a list of destinations and answers, per
destination, a ``Result``: ``code`` is ``"ok"`` or one of ``ERROR_CODES`` (the gateway's own
codes translated to ours), ``detail`` what the gateway said. Nothing here raises for a
gateway's answer: network failures, timeouts, HTTP 5xx / 429 and unreadable answers are
``"temporary"`` results (the caller retries them later).
"""

import logging
import uuid
from typing import NamedTuple

import requests

_logger = logging.getLogger(__name__)

# our codes of a refused message
ERROR_CODES = (
    "invalid_destination",
    "insufficient_credit",
    "too_long",
    "stop_listed",
    "unauthorized",
    "invalid_sender",
    "temporary",
    "unknown",
)
# smsoffice.ge API v2 ErrorCode → our code
SMSOFFICE_CODES = {
    0: "ok",
    10: "invalid_destination",
    20: "insufficient_credit",
    40: "too_long",
    70: "invalid_destination",  # destination empty
    75: "stop_listed",
    76: "invalid_destination",  # every number in an invalid format
    77: "invalid_destination",  # stop-listed or invalid: not proven stop-listed, so no opt-out is inferred
    80: "unauthorized",
    110: "invalid_sender",
    120: "unauthorized",  # API access disabled for the account
    150: "invalid_sender",
    500: "unauthorized",  # API key missing
    600: "invalid_destination",  # destination missing
    700: "invalid_sender",  # sender missing
    -100: "temporary",
}
# smsoffice's delivery status (``Output.Status`` of ``getMessageStatus``, compared in lower case) → ours;
# "pending": not known yet, asked again later. A status not listed is kept waiting too (and logged).
SMSOFFICE_STATUSES = {
    "delivered": "delivered",
    "pending": "pending",
    "sent": "pending",
    "accepted": "pending",
    "enroute": "pending",
    "expired": "expired",
    "rejected": "rejected",
    "undelivered": "not_delivered",
    "undeliverable": "not_delivered",
    "not delivered": "not_delivered",
    "failed": "not_delivered",
    "invalid": "invalid_destination",
}
# answers of a status query that end the run (the next asks again): the account, or the gateway, not one message
POLL_STOPS = {"unauthorized", "temporary"}
# smsoffice keeps a reference of at most this many characters (the reports are found by it)
REFERENCE_LENGTH = 20
# errors that concern one destination: a multi-destination request refused with one of them is split
PER_DESTINATION = {"invalid_destination", "stop_listed"}


def new_reference():
    """A fresh reference for one request to a gateway: 20 hexadecimal digits (80 random bits)."""
    return uuid.uuid4().hex[:REFERENCE_LENGTH]


class Result(NamedTuple):
    code: str
    detail: str = ""
    gateway_id: str = ""
    reference: str = ""  # the request's reference, when not the one given (a number resent alone)


class GatewayApi:
    """Common part: the HTTP call and its failures."""

    def __init__(self, base_url, key, timeout=15):
        self.base_url = (base_url or "").rstrip("/")
        self.key = key or ""
        self.timeout = timeout
        self.session = requests.Session()  # one connection kept open for a run's many calls

    def send(self, sender, content, destinations, reference, urgent=False):
        """``{destination: Result}`` for one text sent to ``destinations`` (``995…`` numbers)."""
        raise NotImplementedError

    #: whether the gateway offers its delivery reports to be fetched (``status``)
    polls_reports = False

    def status(self, reference, destination):
        """The delivery status of the message sent to ``destination`` in the request ``reference``, fetched
        from the gateway: ``(status, None)`` with ``status`` one of ours (``pending``: not known yet), or
        ``(None, Result)`` when it could not be fetched."""
        raise NotImplementedError

    def _post(self, path, **kwargs):
        return self._call("post", path, **kwargs)

    def _get(self, path, **kwargs):
        return self._call("get", path, **kwargs)

    def _call(self, method, path, **kwargs):
        """``(response, None)`` or ``(None, Result("temporary"))`` when the gateway could not be reached."""
        try:
            response = self.session.request(method, f"{self.base_url}{path}", timeout=self.timeout, **kwargs)
        except requests.Timeout:
            return None, Result("temporary", "timeout")
        except requests.RequestException as error:
            return None, Result("temporary", f"connection failed: {type(error).__name__}")
        if response.status_code >= 500 or response.status_code == 429:
            return None, Result("temporary", f"HTTP {response.status_code}")
        return response, None


class SmsOfficeApi(GatewayApi):
    """smsoffice.ge API v2: form-encoded POST to ``/api/v2/send/``; one answer for the whole request."""

    polls_reports = True

    def send(self, sender, content, destinations, reference, urgent=False):
        data = {
            "key": self.key,
            "destination": ",".join(destinations),
            "sender": sender,
            "content": content,
            "urgent": "true" if urgent else "false",
            "reference": reference,
        }
        response, failure = self._post("/api/v2/send/", data=data)
        if failure:
            return dict.fromkeys(destinations, failure)
        try:
            answer = response.json()
            error_code = int(answer.get("ErrorCode"))
        except (ValueError, TypeError, AttributeError):
            return dict.fromkeys(destinations, Result("temporary", f"unreadable answer (HTTP {response.status_code})"))
        code = SMSOFFICE_CODES.get(error_code, "unknown")
        if code == "ok" and not answer.get("Success"):
            code = "unknown"
        detail = f"{error_code}: {answer.get('Message') or ''}".strip()
        if code in PER_DESTINATION and len(destinations) > 1:
            # the gateway refuses the whole request for one number: ask for each number alone
            results = {}
            for destination in destinations:
                results.update(self.send(sender, content, [destination], new_reference(), urgent))
            return results
        return dict.fromkeys(destinations, Result(code, detail, str(answer.get("Output") or ""), reference))

    def status(self, reference, destination):
        params = {"key": self.key, "destination": destination, "reference": reference}
        response, failure = self._get("/api/v2/getMessageStatus/", params=params)
        if failure:
            return None, failure
        try:
            answer = response.json()
            error_code = int(answer.get("ErrorCode"))
        except (ValueError, TypeError, AttributeError):
            return None, Result("temporary", f"unreadable answer (HTTP {response.status_code})")
        detail = f"{error_code}: {answer.get('Message') or ''}".strip()
        code = SMSOFFICE_CODES.get(error_code, "unknown")
        output = answer.get("Output")
        if code != "ok" or not answer.get("Success") or not isinstance(output, dict):
            # the account or the gateway refused (stop the run), or this message is not known (yet)
            return None, Result(code if code != "ok" else "unknown", detail)
        status = str(output.get("Status") or "").strip()
        ours = SMSOFFICE_STATUSES.get(status.lower())
        if not ours:
            _logger.warning("smsoffice: unknown delivery status %r of %s (kept waiting)", status, reference)
        return ours or "pending", None


class JsonApi(GatewayApi):
    """The generic JSON gateway: POST ``/send`` with a bearer key; one result per destination."""

    STATUS_CODES = {401: "unauthorized", 402: "insufficient_credit", 403: "invalid_sender", 413: "too_long"}

    def send(self, sender, content, destinations, reference, urgent=False):
        body = {
            "reference": reference,
            "sender": sender,
            "content": content,
            "destinations": destinations,
            "urgent": bool(urgent),
        }
        headers = {"Authorization": f"Bearer {self.key}"}
        response, failure = self._post("/send", json=body, headers=headers)
        if failure:
            return dict.fromkeys(destinations, failure)
        try:
            answer = response.json()
        except ValueError:
            return dict.fromkeys(destinations, Result("temporary", f"unreadable answer (HTTP {response.status_code})"))
        if response.status_code != 200:
            error = answer.get("error") if isinstance(answer, dict) else None
            code = error if error in ERROR_CODES else self.STATUS_CODES.get(response.status_code, "unknown")
            detail = f"HTTP {response.status_code}: {answer.get('message', '') if isinstance(answer, dict) else ''}"
            return dict.fromkeys(destinations, Result(code, detail.strip()))
        results = {}
        items = answer.get("results") if isinstance(answer, dict) else None
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict) or item.get("destination") not in destinations:
                continue
            accepted = item.get("status") == "accepted"
            error = item.get("error")
            code = "ok" if accepted else (error if error in ERROR_CODES else "unknown")
            results[item["destination"]] = Result(code, str(error or ""), str(item.get("id") or ""))
        # a destination the gateway did not answer for: unknown, not retried (it may have been sent)
        for destination in destinations:
            results.setdefault(destination, Result("unknown", "no result for this destination"))
        return results


ADAPTERS = {"smsoffice": SmsOfficeApi, "json": JsonApi}


def throttle_wait(sent, elapsed, rate):
    """Seconds to wait before sending more, after ``sent`` messages in ``elapsed`` seconds at ``rate``/s."""
    if not rate or rate <= 0:
        return 0.0
    return max(0.0, sent / rate - elapsed)


def retry_delay(tries, base=60, cap=3600):
    """Back-off before try ``tries + 1``: ``base`` seconds doubled at each try, at most ``cap``."""
    return min(cap, base * 2 ** max(0, tries - 1))
