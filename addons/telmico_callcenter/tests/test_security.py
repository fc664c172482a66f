from odoo.tests import TransactionCase, new_test_user


class TestCallcenterSecurity(TransactionCase):
    def test_roles_chain(self):
        """An administrator of the addon is also its user; a user is not an administrator."""
        user = new_test_user(self.env, login="callcenter_user", groups="telmico_callcenter.group_callcenter_user")
        manager = new_test_user(
            self.env, login="callcenter_manager", groups="telmico_callcenter.group_callcenter_manager"
        )
        self.assertTrue(manager.has_group("telmico_callcenter.group_callcenter_user"))
        self.assertFalse(user.has_group("telmico_callcenter.group_callcenter_manager"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("telmico_callcenter.group_callcenter_manager"))
