import re
from unittest.mock import patch

from odoo import http
from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.tests import HttpCase, new_test_user
from odoo.tests.common import HOST
from odoo.tools import config

CODE_RE = re.compile(r"\b(\d{6})\b")
MASK_RE = re.compile(r"5\*\* \*\* \*\* \d\d")


class TelmicoAuthHttpCase(HttpCase):
    """Clients who may register (a person and a company, with mobiles), one without a mobile, a subscriber of the
    person; helpers to post forms as a visitor from a chosen source address and to read the SMS queue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True, mail_create_nolog=True))
        Partner = cls.env["res.partner"]
        cls.client = Partner.create(
            {
                "name": "გიორგი ბერიძე",
                "personal_number": "01024053111",
                "mobile": "+995599123456",
                "email": "giorgi.beridze@example.ge",
            }
        )
        cls.company = Partner.create(
            {
                "name": "შპს მზიური",
                "is_company": True,
                "is_client": True,
                "company_registry": "204556677",
                "mobile": "+995577001122",
            }
        )
        cls.no_mobile = Partner.create({"name": "ნინო კაპანაძე", "personal_number": "01001001001"})
        (cls.subscriber,) = mirror_subscribers(cls.env, (0, {"number": "4000000001"}))
        link_client(cls.env, cls.client, cls.subscriber)
        cls.admin_user = new_test_user(cls.env, login="auth_admin", groups="base.group_system")

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

    def browser_state(self):
        """The current visitor, to come back to it with ``restore`` after starting another one."""
        state = (self.session, self.opener)
        self.session = None  # or the next visitor() would delete it from the session store
        self.addCleanup(http.root.session_store.delete, state[0])
        return state

    def restore(self, state):
        self.session, self.opener = state

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

    def request_code(self, identifier, login="giorgi@example.ge", address="192.0.2.10"):
        return self.post("/my/register", {"identifier": identifier, "login": login}, address=address)

    def confirm(self, code, password="Tbilisi-2026!", confirm=None, address="192.0.2.10"):
        return self.post(
            "/my/register/confirm",
            {"code": code, "password": password, "confirm_password": password if confirm is None else confirm},
            address=address,
        )

    def sms_code(self, partner):
        """The code of the last SMS queued for ``partner`` (what the customer reads on their phone)."""
        sms = self.env["sms.sms"].sudo().search([("partner_id", "=", partner.id)], order="id desc", limit=1)
        self.assertTrue(sms, "an SMS with the code is queued")
        self.assertEqual(sms.number, partner.mobile, "the SMS goes to the mobile on the client card")
        return CODE_RE.search(sms.body).group(1)

    def login(self, login, password, address=None):
        """POST the login form from ``address`` in a fresh session; returns (logged in?, response)."""
        self.visitor()
        response = self.post(
            "/web/login", {"login": login, "password": password}, address=address, allow_redirects=False
        )
        return response.status_code == 303, response
