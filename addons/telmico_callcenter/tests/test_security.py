from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("telmico_callcenter")
class TestCallcenterSecurity(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = "telmico_callcenter.group_callcenter_user"
        cls.user = new_test_user(cls.env, login="callcenter_user", groups=user, telmico_extension="201")
        cls.user2 = new_test_user(cls.env, login="callcenter_user2", groups=user, telmico_extension="202")
        cls.manager = new_test_user(
            cls.env, login="callcenter_manager", groups="telmico_callcenter.group_callcenter_manager"
        )
        cls.connection = cls.env["telmico.callcenter.connection"].create({"name": "CallApp"})
        Call = cls.env["telmico.call"]
        cls.mine = Call.create({"connection_id": cls.connection.id, "name": "s-1", "user_id": cls.user.id})
        cls.theirs = Call.create({"connection_id": cls.connection.id, "name": "s-2", "user_id": cls.user2.id})
        cls.queue = Call.create({"connection_id": cls.connection.id, "name": "s-3"})

    def test_roles_chain(self):
        """An administrator of the addon is also its user; a user is not an administrator; users are Desk agents."""
        self.assertTrue(self.manager.has_group("telmico_callcenter.group_callcenter_user"))
        self.assertFalse(self.user.has_group("telmico_callcenter.group_callcenter_manager"))
        self.assertTrue(self.user.has_group("telmico_desk.group_desk_user"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("telmico_callcenter.group_callcenter_manager"))

    def test_agent_sees_own_and_unassigned_calls(self):
        calls = self.env["telmico.call"].with_user(self.user).search([("name", "like", "s-")])
        self.assertEqual(calls, self.mine | self.queue)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.user).read(["name"])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user).unlink()
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user).write({"disposition": "answered"})
        manager_calls = self.env["telmico.call"].with_user(self.manager).search([("name", "like", "s-")])
        self.assertEqual(manager_calls, self.mine | self.theirs | self.queue)

    def test_connection_and_secret(self):
        connection = self.connection.with_user(self.user)
        self.assertEqual(connection.name, "CallApp")
        with self.assertRaises(AccessError):
            connection.write({"name": "x"})
        with self.assertRaises(AccessError):
            connection.read(["secret"])
        self.assertTrue(self.connection.with_user(self.manager).secret_hint.startswith("…"))
        with self.assertRaises(AccessError):
            self.env["telmico.callcenter.event"].with_user(self.user).search([])

    def test_extension_unique(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.user2.telmico_extension = "201"
            self.user2.flush_recordset()
