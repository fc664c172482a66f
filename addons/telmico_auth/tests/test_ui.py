from unittest.mock import patch

from odoo.tests import tagged

from .common import TelmicoAuthHttpCase


@tagged("post_install", "-at_install")
class TestSelfRegistrationTour(TelmicoAuthHttpCase):
    def test_self_registration_tour(self):
        """In a browser: login page → register → code from the SMS → the personal cabinet."""
        Registration = type(self.env["telmico.auth.registration"])
        with patch.object(Registration, "_generate_code", lambda self: "246810"):
            self.start_tour("/web/login", "telmico_auth_self_registration")
        user = self.env["res.users"].search([("login", "=", "tour.client@example.ge")])
        self.assertEqual(user.partner_id, self.client)
