"""HTTP adapters of the SMS gateways (contracts: the addon README). Pure Python with ``requests``.

Each adapter sends one text from one sender to a list of destinations and answers, per
destination, a ``Result``: ``code`` is ``"ok"`` or one of ``ERROR_CODES`` (the gateway's own
codes translated to ours), ``detail`` what the gateway said. Nothing here raises for a
gateway's answer: network failures, timeouts, HTTP 5xx / 429 and unreadable answers are
``"temporary"`` results (the caller retries them later).
"""

import logging
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
# delivery statuses a polled report may give ("pending": not known yet, asked again later)
POLLED_STATUSES = ("pending", "delivered", "expired", "rejected", "not_delivered", "invalid_destination")
# errors that concern one destination: a multi-destination request refused with one of them is split
PER_DESTINATION = {"invalid_destination", "stop_listed"}


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

    def send(self, sender, content, destinations, reference, urgent=False):
        """``{destination: Result}`` for one text sent to ``destinations`` (``995…`` numbers)."""
        raise NotImplementedError

    #: whether the gateway offers its delivery reports to be fetched (``reports``)
    polls_reports = False

    def reports(self, references):
        """Delivery reports of the requests ``references``, fetched from the gateway:
        ``([(reference, destination, status)], None)``, or ``(None, Result)`` when they could not be
        fetched (``temporary``: try again later)."""
        raise NotImplementedError

    def _post(self, path, **kwargs):
        """``(response, None)`` or ``(None, Result("temporary"))`` when the gateway could not be reached."""
        try:
            response = requests.post(f"{self.base_url}{path}", timeout=self.timeout, **kwargs)
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
                results.update(self.send(sender, content, [destination], f"{reference}-{destination}", urgent))
            return results
        return dict.fromkeys(destinations, Result(code, detail, str(answer.get("Output") or ""), reference))

    def reports(self, references):
        response, failure = self._post("/api/v2/report/", data={"key": self.key, "reference": ",".join(references)})
        if failure:
            return None, failure
        try:
            answer = response.json()
            error_code = int(answer.get("ErrorCode"))
            output = answer.get("Output") or []
        except (ValueError, TypeError, AttributeError):
            return None, Result("temporary", f"unreadable answer (HTTP {response.status_code})")
        code = SMSOFFICE_CODES.get(error_code, "unknown")
        if code != "ok" or not isinstance(output, list):
            return None, Result(code if code != "ok" else "unknown", f"{error_code}: {answer.get('Message') or ''}")
        wanted = set(references)
        reports = [
            (item["Reference"], str(item.get("Destination") or ""), item["Status"])
            for item in output
            if isinstance(item, dict) and item.get("Reference") in wanted and item.get("Status") in POLLED_STATUSES
        ]
        return reports, None


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
