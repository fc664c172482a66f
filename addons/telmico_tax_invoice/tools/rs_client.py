"""Client of the Revenue Service's tax-invoice service, as our contract defines it (telmico_tax_invoice/README.md).

Standard library only. Every failure is an ``RsError``: ``temporary`` ones (no answer, timeout, 5xx, 429) are
retried later, the others (401, 4xx refusals) wait for a person.
"""

import base64
import json
import urllib.error
import urllib.request
from urllib.parse import quote


class RsError(Exception):
    def __init__(self, message, temporary):
        super().__init__(message)
        self.message = message
        self.temporary = temporary


class RsClient:
    def __init__(self, url, username, password, timeout=15.0):
        self.url = url.rstrip("/")
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}
        self.timeout = timeout

    def _call(self, method, path, payload=None):
        data = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else None
        request = urllib.request.Request(self.url + path, data=data, headers=self.headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            try:
                body = json.loads(error.read() or b"{}")
            except ValueError:
                body = {}
            detail = body.get("message") or body.get("error") or error.reason
            if error.code == 401:
                raise RsError("authentication failed", False) from error
            raise RsError(f"HTTP {error.code}: {detail}", error.code >= 500 or error.code == 429) from error
        except (TimeoutError, urllib.error.URLError, ConnectionError) as error:
            reason = getattr(error, "reason", None) or error
            raise RsError(f"no answer: {reason}", True) from error
        try:
            answer = json.loads(raw)
        except ValueError as error:
            raise RsError("answer is not JSON", True) from error
        if not isinstance(answer, dict) or not answer.get("id") or not answer.get("status"):
            raise RsError("answer without id or status", True)
        return answer

    def save_invoice(self, payload):
        """Issue a tax invoice; the same ``externalId`` again answers the invoice already issued."""
        return self._call("POST", "/api/v1/tax-invoices", payload)

    def correct_invoice(self, rs_id, payload):
        """Issue the correcting tax invoice of the tax invoice ``rs_id`` (a partial credit note); the same
        ``externalId`` again answers the correction already issued."""
        return self._call("POST", f"/api/v1/tax-invoices/{quote(str(rs_id), safe='')}/corrections", payload)

    def get_invoice(self, rs_id):
        return self._call("GET", f"/api/v1/tax-invoices/{quote(str(rs_id), safe='')}")

    def cancel_invoice(self, rs_id, reason):
        return self._call("POST", f"/api/v1/tax-invoices/{quote(str(rs_id), safe='')}/cancel", {"reason": reason})
