import re
from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import MASK_RE, TelmicoAuthHttpCase


@tagged("post_install", "-at_install")
class TestSelfRegistration(TelmicoAuthHttpCase):
    """/my/register: a customer proves to own a client card by a code sent to its mobile, and gets the cabinet."""

    def registrations(self):
        return self.env["telmico.auth.registration"].search([])

    def test_register_person_and_use_the_cabinet(self):
        self.visitor()
        page = self.url_open("/my/register")
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="csrf_token"', page.text)
        sent = self.request_code("010 240 531 11", login="Giorgi@Example.ge")
        self.assertTrue(sent.url.endswith("/my/register/confirm"), sent.url)
        self.assertIn("5** ** ** 56", sent.text, "only a masked mobile is shown")
        # no form of the full number (a bare "599" may occur by chance in the CSRF token or an asset hash)
        self.assertNotRegex(sent.text, r"599\D{0,3}12\D{0,3}3\D{0,3}4\D{0,3}56")
        self.assertNotRegex(sent.text, r"\b599[\s*]", "not even the operator code")
        code = self.sms_code(self.client)
        registration = self.registrations()[:1]
        self.assertEqual(registration.partner_id, self.client)
        self.assertNotIn(code, (registration.code_hash or "") + (registration.code_salt or ""), "only a hash is kept")

        done = self.confirm(code)
        self.assertTrue(done.url.endswith("/my"), done.url)
        user = self.env["res.users"].search([("login", "=", "giorgi@example.ge")])
        self.assertEqual(user.partner_id, self.client, "the account is the client card's own partner")
        self.assertTrue(user.has_group("base.group_portal"))
        self.assertEqual(self.client.email, "giorgi.beridze@example.ge", "the card's e-mail stays as staff entered it")
        self.assertEqual(registration.state, "done")
        self.assertEqual(registration.user_id, user)
        # the new session is logged in and sees the cabinet with the client's data
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn("გიორგი ბერიძე", home.text)
        self.assertEqual(self.env["telmico.subscriber"].with_user(user).search([]), self.subscriber)
        # and the password works on the login page
        logged_in, _response = self.login("giorgi@example.ge", "Tbilisi-2026!")
        self.assertTrue(logged_in)

    def test_register_company(self):
        self.visitor()
        sent = self.request_code("204556677", login="office@mziuri.ge")
        self.assertIn("5** ** ** 22", sent.text)
        self.confirm(self.sms_code(self.company))
        user = self.env["res.users"].search([("login", "=", "office@mziuri.ge")])
        self.assertEqual(user.partner_id, self.company)
        self.assertEqual(self.company.email, "office@mziuri.ge", "a card without e-mail gets the login as e-mail")

    def test_other_contact_is_no_client_card(self):
        """A supplier's company ID with a mobile (a contact, not a client) opens no cabinet: no code is sent."""
        supplier = self.env["res.partner"].create(
            {
                "name": "შპს კავკასიის კაბელი",
                "is_company": True,
                "company_registry": "204000111",
                "mobile": "599 70 70 70",
            }
        )
        self.assertFalse(supplier.is_client)
        Sms = self.env["sms.sms"].sudo()
        sms_before = Sms.search_count([])
        self.visitor()
        sent = self.request_code("204000111", login="office@cables.ge")
        self.assertRegex(sent.text, MASK_RE, "the same page as for anybody")
        self.assertEqual(Sms.search_count([]), sms_before, "no code to a contact that is not a client")
        self.assertFalse(self.registrations().partner_id)

    def test_wrong_codes_void_the_code(self):
        self.visitor()
        self.request_code("01024053111")
        code = self.sms_code(self.client)
        wrong = "000000" if code != "000000" else "111111"
        first = self.confirm(wrong)
        self.assertIn("Wrong code. Attempts left: 4.", first.text)
        for _i in range(4):
            last = self.confirm(wrong)
        self.assertIn("no longer valid", last.text)
        late = self.confirm(code)
        self.assertIn("no longer valid", late.text, "the right code after five wrong ones is refused")
        self.assertFalse(self.env["res.users"].search([("login", "=", "giorgi@example.ge")]))
        registration = self.registrations()[:1]
        self.assertEqual(
            (registration.state, registration.void_reason, registration.attempt_count), ("void", "attempts", 5)
        )

    def test_expired_code(self):
        self.visitor()
        self.request_code("01024053111")
        code = self.sms_code(self.client)
        self.registrations()[:1].expires_at = fields.Datetime.now() - timedelta(seconds=1)
        response = self.confirm(code)
        self.assertIn("The code has expired", response.text)
        self.assertFalse(self.env["res.users"].search([("login", "=", "giorgi@example.ge")]))

    def test_only_the_latest_code_is_valid(self):
        self.visitor()
        self.request_code("01024053111")
        old_code = self.sms_code(self.client)
        first_browser = self.browser_state()
        self.visitor()
        self.request_code("01024053111")
        new_code = self.sms_code(self.client)
        second_browser = self.browser_state()
        self.restore(first_browser)
        self.assertIn("no longer valid", self.confirm(old_code).text, "a newer code voids the older one")
        self.restore(second_browser)
        self.assertTrue(self.confirm(new_code).url.endswith("/my"))

    def test_passwords_checked_before_the_code(self):
        self.visitor()
        self.request_code("01024053111")
        code = self.sms_code(self.client)
        self.assertIn("do not match", self.confirm(code, confirm="other-password").text)
        self.assertIn("at least 8 characters", self.confirm(code, password="short").text)
        self.assertEqual(self.registrations()[:1].attempt_count, 0, "a typing mistake in the password costs no attempt")
        self.assertTrue(self.confirm(code).url.endswith("/my"))

    def test_client_with_an_account(self):
        new_test_user(self.env, login="giorgi.old@example.ge", groups="base.group_portal", partner_id=self.client.id)
        self.visitor()
        self.request_code("01024053111", login="giorgi.new@example.ge")
        response = self.confirm(self.sms_code(self.client))
        self.assertIn("You already have an account (login g***@example.ge)", response.text)
        self.assertFalse(self.env["res.users"].search([("login", "=", "giorgi.new@example.ge")]))

    def test_login_taken(self):
        new_test_user(self.env, login="taken@example.ge", groups="base.group_portal")
        self.visitor()
        self.request_code("01024053111", login="taken@example.ge")
        response = self.confirm(self.sms_code(self.client))
        self.assertIn("already the login of an account", response.text)
        self.assertEqual(len(self.env["res.users"].search([("login", "=", "taken@example.ge")])), 1)
        self.assertFalse(self.client.user_ids)

    def test_bad_input(self):
        self.visitor()
        for identifier in ("", "1234", "0102405311a", "010240531112"):
            response = self.request_code(identifier)
            self.assertEqual(response.status_code, 200)
            self.assertIn("11 digits", response.text)
        self.assertIn("valid e-mail", self.request_code("01024053111", login="not an e-mail").text)
        self.assertFalse(self.registrations())
        self.assertFalse(self.env["sms.sms"].sudo().search([("partner_id", "=", self.client.id)]))

    def test_csrf_required(self):
        self.visitor()
        response = self.post("/my/register", {"identifier": "01024053111", "login": "x@example.ge"}, csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.registrations())

    def test_confirm_without_a_request(self):
        self.visitor()
        response = self.confirm("123456")
        self.assertTrue(response.url.endswith("/my/register"), "nothing to confirm: back to step 1")

    def test_logged_in_users_go_to_their_cabinet(self):
        self.authenticate("auth_admin", "auth_admin")
        self.assertTrue(self.url_open("/my/register").url.endswith("/my"))


@tagged("post_install", "-at_install")
class TestSelfRegistrationAbuse(TelmicoAuthHttpCase):
    """Rate limits and enumeration resistance of /my/register."""

    def sms_count(self):
        return self.env["sms.sms"].sudo().search_count([])

    def page_shape(self, response):
        """The confirmation page with the masked mobile blanked: what differs between two visitors."""
        form = re.search(r"<form.*?</form>", response.text, re.DOTALL).group()
        return MASK_RE.sub("MASK", re.sub(r'name="csrf_token" value="[^"]*"', "", form))

    def test_unknown_number_answers_like_a_client(self):
        sms_before = self.sms_count()
        self.visitor()
        known = self.request_code("01024053111")
        self.visitor()
        unknown = self.request_code("01999999999")
        self.visitor()
        no_mobile = self.request_code("01001001001")
        self.visitor()
        unknown_company = self.request_code("999888777")
        self.assertEqual(self.sms_count(), sms_before + 1, "a code is sent to the client's mobile only")
        for response in (unknown, no_mobile, unknown_company):
            self.assertEqual(response.status_code, known.status_code)
            self.assertTrue(response.url.endswith("/my/register/confirm"))
            self.assertRegex(response.text, MASK_RE, "a plausible masked mobile is shown for anybody")
            self.assertEqual(self.page_shape(response), self.page_shape(known))
        # asking again for the same unknown number shows the same digits (no tell-tale randomness)
        self.visitor()
        again = self.request_code("01999999999")
        self.assertEqual(MASK_RE.search(again.text).group(), MASK_RE.search(unknown.text).group())
        # a code typed for an unknown number is refused like a wrong code of a client
        wrong = self.confirm("123456")
        self.visitor()
        self.request_code("01024053111", address="192.0.2.20")
        code = self.sms_code(self.client)
        wrong_known = self.confirm("000000" if code != "000000" else "111111", address="192.0.2.20")
        self.assertIn("Wrong code. Attempts left: 4.", wrong.text)
        self.assertEqual(self.page_shape(wrong), self.page_shape(wrong_known))

    def test_codes_per_identifier(self):
        for identifier in ("01024053111", "01999999999"):
            for i in range(3):
                self.visitor()
                response = self.request_code(identifier, address=f"192.0.2.{30 + i}")
                self.assertEqual(response.status_code, 200)
            self.visitor()
            refused = self.request_code(identifier, address="192.0.2.40")
            self.assertEqual(refused.status_code, 429, "a fourth code within the hour is refused, client or not")
            self.assertIn("Too many codes were requested for this number", refused.text)
        self.assertEqual(self.env["sms.sms"].sudo().search_count([("partner_id", "=", self.client.id)]), 3)

    def test_requests_per_address(self):
        self.env["ir.config_parameter"].set_param("telmico_auth.register_requests_per_address", 2)
        self.visitor()
        self.assertEqual(self.request_code("01024053111", address="198.51.100.1").status_code, 200)
        self.assertEqual(self.request_code("204556677", address="198.51.100.1").status_code, 200)
        refused = self.request_code("01999999999", address="198.51.100.1")
        self.assertEqual(refused.status_code, 429)
        self.assertIn("Too many registration requests from your network", refused.text)
        self.assertEqual(self.request_code("01999999999", address="198.51.100.2").status_code, 200)

    def test_refusals_are_logged(self):
        self.visitor()
        self.request_code("01024053111")
        with self.assertLogs("odoo.addons.telmico_auth.models.telmico_auth_registration", "WARNING") as logs:
            self.confirm("000000" if self.sms_code(self.client) != "000000" else "111111")
        self.assertIn("wrong code 1/5 from 192.0.2.10", logs.output[0])
