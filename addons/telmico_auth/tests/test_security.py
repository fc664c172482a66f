from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAuthSecurity(TransactionCase):
    """The throttling rows and the self-registrations are technical: administrators only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.admin_user = new_test_user(cls.env, login="auth_sec_admin", groups="base.group_system")
        cls.employee = new_test_user(
            cls.env, login="auth_sec_employee", groups="base.group_user,telmico_client_card.group_client_card_manager"
        )
        cls.portal_user = new_test_user(cls.env, login="auth_sec_portal", groups="base.group_portal")
        cls.env["telmico.auth.login.throttle"]._record_failure("someone")
        cls.env["res.partner"].create({"name": "კლიენტი", "personal_number": "01024053199", "mobile": "+995599000011"})
        cls.registration = cls.env["telmico.auth.registration"]._request_code("01024053199", "c@example.ge", "1.2.3.4")

    def test_administrators_read_and_unlock(self):
        Throttle = self.env["telmico.auth.login.throttle"].with_user(self.admin_user)
        self.assertEqual(Throttle.search([("login", "=", "someone")]).failure_count, 1)
        self.assertEqual(self.env["telmico.auth.registration"].with_user(self.admin_user).search([]), self.registration)
        Throttle.search([("login", "=", "someone")]).action_unlock()
        self.assertFalse(Throttle.search([("login", "=", "someone")]))

    def test_administrators_cannot_forge_rows(self):
        with self.assertRaises(AccessError):
            self.env["telmico.auth.login.throttle"].with_user(self.admin_user).create({"login": "x"})
        with self.assertRaises(AccessError):
            self.registration.with_user(self.admin_user).write({"state": "done"})

    def test_others_see_nothing(self):
        for user in (self.employee, self.portal_user):
            for model in ("telmico.auth.login.throttle", "telmico.auth.registration"):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])
