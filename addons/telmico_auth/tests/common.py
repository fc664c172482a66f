from unittest.mock import patch

from odoo import http
from odoo.tests import HttpCase
from odoo.tests.common import HOST
from odoo.tools import config


class TelmicoAuthHttpCase(HttpCase):
    """Helpers to post forms as a visitor from a chosen source address."""

    def setUp(self):
        super().setUp()
        # Odoo's per-address cooldown lives in the registry's memory: start from a clean slate, leave one
        self._reset_address_cooldown()
        self.addCleanup(self._reset_address_cooldown)

    def _reset_address_cooldown(self):
        getattr(self.registry, "_login_failures", {}).clear()

    # ------------------------------------------------------------------ http

    def visitor(self):
        """Start a fresh anonymous browser session.

        The session cookie is set for the server's host, so that the cookie of the session the server rotates at
        login replaces it (see HttpCase.authenticate).
        """
        self.authenticate(None, None)
        del self.opener.cookies["session_id"]
        self.opener.cookies.set("session_id", self.session.sid, domain=HOST, path="/")

    def post(self, url, data, address=None, csrf=True, allow_redirects=True):
        """POST a form as the browser would, optionally from source ``address`` (through a trusted proxy)."""
        data = dict(data)
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        headers = {}
        options = {}
        if address:
            host = self.base_url().split("//", 1)[1]
            headers = {"X-Forwarded-For": address, "X-Forwarded-Host": host, "X-Forwarded-Proto": "http"}
            options = {"proxy_mode": True}
        with patch.dict(config.options, options):
            return self.opener.post(
                self.base_url() + url, data=data, headers=headers, timeout=30, allow_redirects=allow_redirects
            )

    def login(self, login, password, address=None):
        """POST the login form from ``address`` in a fresh session; returns (logged in?, response)."""
        self.visitor()
        response = self.post(
            "/web/login", {"login": login, "password": password}, address=address, allow_redirects=False
        )
        return response.status_code == 303, response
