"""Signed HTTP calls between Telmico and the systems around it (billing push, telephony events, ...).

The caller sends ``X-Telmico-Timestamp`` (unix seconds) and ``X-Telmico-Signature``: ``sha256=`` and the
HMAC-SHA256 (hex) of ``<timestamp>.<body>`` with the shared secret. The receiver checks the headers' exact shape
first (so that no header can make the check itself fail), then the timestamp against its clock (a replayed old
call is refused), then the HMAC in constant time. Standard library only.
"""

import hashlib
import hmac
import re
import secrets
import time

TIMESTAMP_RE = re.compile(r"[0-9]{1,12}")  # ASCII digits only: int() would take any script's digits
SIGNATURE_RE = re.compile(r"sha256=([0-9a-fA-F]{64})")


def generate_secret():
    """A new signing secret: 32 bytes from the system's CSPRNG, URL-safe Base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def sign(secret, timestamp, body):
    """The ``X-Telmico-Signature`` header of ``body`` (bytes) sent at ``timestamp`` (unix seconds)."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header_problem(timestamp, signature, tolerance):
    """``(reason, None)`` when the headers are missing, malformed or stale, else ``(None, the given digest)``.

    The reasons are the codes of the 401 answers: ``missing_signature``, ``malformed_timestamp``,
    ``malformed_signature``, ``stale_timestamp`` (``timestamp`` more than ``tolerance`` seconds off our clock).
    """
    if not timestamp or not signature:
        return "missing_signature", None
    if not TIMESTAMP_RE.fullmatch(timestamp):
        return "malformed_timestamp", None
    match = SIGNATURE_RE.fullmatch(signature)
    if not match:
        return "malformed_signature", None
    if abs(time.time() - int(timestamp)) > tolerance:
        return "stale_timestamp", None
    return None, match.group(1).lower()


def signed_by(keys, timestamp, body, digest):
    """Whether ``digest`` (from ``header_problem``) signs ``body`` at ``timestamp`` with one of ``keys``."""
    return any(
        hmac.compare_digest(sign(key, timestamp, body).removeprefix("sha256=").encode(), digest.encode())
        for key in keys
    )
