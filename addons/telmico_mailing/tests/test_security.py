from odoo.tests import TransactionCase, new_test_user


class TestMailingSecurity(TransactionCase):
    def test_roles_chain(self):
        """An administrator of the addon is also its user; a user is not an administrator."""
        user = new_test_user(self.env, login="mailing_user", groups="telmico_mailing.group_mailing_user")
        manager = new_test_user(self.env, login="mailing_manager", groups="telmico_mailing.group_mailing_manager")
        self.assertTrue(manager.has_group("telmico_mailing.group_mailing_user"))
        self.assertFalse(user.has_group("telmico_mailing.group_mailing_manager"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("telmico_mailing.group_mailing_manager"))
