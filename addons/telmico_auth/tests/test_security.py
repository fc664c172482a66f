from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAuthSecurity(TransactionCase):
    """The throttling rows are technical: administrators only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.admin_user = new_test_user(cls.env, login="auth_sec_admin", groups="base.group_system")
        cls.employee = new_test_user(
            cls.env, login="auth_sec_employee", groups="base.group_user,base.group_partner_manager"
        )
        cls.portal_user = new_test_user(cls.env, login="auth_sec_portal", groups="base.group_portal")
        cls.env["telmico.auth.login.throttle"]._record_failure("someone")

    def test_administrators_read_and_unlock(self):
        Throttle = self.env["telmico.auth.login.throttle"].with_user(self.admin_user)
        self.assertEqual(Throttle.search([("login", "=", "someone")]).failure_count, 1)
        Throttle.search([("login", "=", "someone")]).action_unlock()
        self.assertFalse(Throttle.search([("login", "=", "someone")]))

    def test_administrators_cannot_forge_rows(self):
        with self.assertRaises(AccessError):
            self.env["telmico.auth.login.throttle"].with_user(self.admin_user).create({"login": "x"})

    def test_others_see_nothing(self):
        for user in (self.employee, self.portal_user):
            for model in ("telmico.auth.login.throttle",):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])
