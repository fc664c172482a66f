from odoo.tests import TransactionCase, new_test_user


class TestPaidServicesSecurity(TransactionCase):
    def test_roles_chain(self):
        """An administrator of the addon is also its user; a user is not an administrator."""
        user = new_test_user(
            self.env, login="paid_services_user", groups="telmico_paid_services.group_paid_services_user"
        )
        manager = new_test_user(
            self.env, login="paid_services_manager", groups="telmico_paid_services.group_paid_services_manager"
        )
        self.assertTrue(manager.has_group("telmico_paid_services.group_paid_services_user"))
        self.assertFalse(user.has_group("telmico_paid_services.group_paid_services_manager"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("telmico_paid_services.group_paid_services_manager"))
