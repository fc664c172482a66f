from odoo.fields import Command
from odoo.tests import tagged

from .common import TelmicoAuthHttpCase


@tagged("post_install", "-at_install")
class TestSignupClosed(TelmicoAuthHttpCase):
    """Pentest finding: /web/signup opened a portal account for anybody (auth_signup's "Free sign up")."""

    def test_uninvited_signup_creates_no_account(self):
        self.visitor()
        response = self.post(
            "/web/signup",
            {
                "login": "intruder@example.com",
                "name": "Intruder",
                "password": "x-Secret-42",
                "confirm_password": "x-Secret-42",
            },
        )
        self.assertFalse(
            self.env["res.users"].with_context(active_test=False).search([("login", "=", "intruder@example.com")]),
            "an uninvited visitor cannot open an account",
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.url_open("/web/signup").status_code, 404, "no sign-up form for uninvited visitors")
        self.assertEqual(self.env["ir.config_parameter"].get_param("auth_signup.invitation_scope"), "b2b")

    def test_invitation_still_works(self):
        """An account the staff created (portal access granted) is still activated from its invitation link."""
        invited = self.env["res.users"].create(
            {
                "login": "invited@example.ge",
                "name": "მოწვეული კლიენტი",
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        invited.partner_id.signup_prepare()
        token = invited.partner_id._generate_signup_token()
        self.visitor()
        self.assertEqual(self.url_open(f"/web/signup?token={token}").status_code, 200)
        self.post(
            "/web/signup",
            {
                "token": token,
                "login": "invited@example.ge",
                "password": "Invited-2026",
                "confirm_password": "Invited-2026",
            },
        )
        self.assertTrue(self.login("invited@example.ge", "Invited-2026")[0])

    def test_login_page_offers_verified_registration(self):
        self.visitor()
        page = self.url_open("/web/login")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("/web/signup", page.text, "no free sign-up link")
        self.assertIn('href="/my/register"', page.text)
