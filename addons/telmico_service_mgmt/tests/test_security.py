from odoo.tests import TransactionCase, new_test_user


class TestServiceMgmtSecurity(TransactionCase):
    def test_roles_chain(self):
        """An administrator of the addon is also its user; a user is not an administrator."""
        user = new_test_user(self.env, login="service_mgmt_user", groups="telmico_service_mgmt.group_service_mgmt_user")
        manager = new_test_user(
            self.env, login="service_mgmt_manager", groups="telmico_service_mgmt.group_service_mgmt_manager"
        )
        self.assertTrue(manager.has_group("telmico_service_mgmt.group_service_mgmt_user"))
        self.assertFalse(user.has_group("telmico_service_mgmt.group_service_mgmt_manager"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("telmico_service_mgmt.group_service_mgmt_manager"))
