from odoo.tests import TransactionCase, new_test_user


class TestKbSecurity(TransactionCase):
    def test_roles_chain(self):
        """An administrator of the addon is also its user; a user is not an administrator."""
        user = new_test_user(self.env, login="kb_user", groups="telmico_kb.group_kb_user")
        manager = new_test_user(self.env, login="kb_manager", groups="telmico_kb.group_kb_manager")
        self.assertTrue(manager.has_group("telmico_kb.group_kb_user"))
        self.assertFalse(user.has_group("telmico_kb.group_kb_manager"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("telmico_kb.group_kb_manager"))
