from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import TasksCase


@tagged("post_install", "-at_install")
class TestTaskSecurity(TasksCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # made by the administrator: nobody of the test is its creator (a creator follows what they create)
        cls.assigned = cls._task(cls.env.user, name="staff's task", user_ids=[Command.set([cls.staff.id])])
        cls.unassigned = cls._task(cls.env.user, name="someone else's task", user_ids=[Command.set([cls.staff2.id])])

    def _visible(self, user):
        return self.env["project.task"].with_user(user).search([("id", "in", (self.assigned | self.unassigned).ids)])

    def test_manager_sees_and_edits_every_management_task(self):
        self.assertEqual(self._visible(self.manager), self.assigned | self.unassigned)
        self.unassigned.with_user(self.manager).write({"user_ids": [Command.link(self.staff.id)]})
        self.assertIn(self.staff, self.unassigned.user_ids)

    def test_manager_does_not_see_other_private_projects(self):
        other = self.env["project.project"].create({"name": "Private", "privacy_visibility": "followers"})
        task = self.env["project.task"].create({"name": "private", "project_id": other.id})
        with self.assertRaises(AccessError):
            task.with_user(self.manager).read(["name"])

    def test_staff_sees_only_assigned_or_followed_tasks(self):
        self.assertEqual(self._visible(self.staff), self.assigned)
        with self.assertRaises(AccessError):
            self.unassigned.with_user(self.staff).read(["name"])
        with self.assertRaises(AccessError):
            self.unassigned.with_user(self.staff).write({"name": "changed"})
        self.assigned.with_user(self.staff).write({"stage_id": self.stage_done.id})
        self.assertEqual(self.assigned.stage_id, self.stage_done, "the assignee moves their own task")

        self.unassigned.message_subscribe(partner_ids=self.staff.partner_id.ids)
        self.assertEqual(self._visible(self.staff), self.assigned | self.unassigned, "a follower sees the task")

    def test_staff_does_not_see_control_menus(self):
        menus = self.env["ir.ui.menu"].with_user(self.staff)._visible_menu_ids()
        self.assertIn(self.env.ref("telmico_tasks.project_task_menu_mine").id, menus)
        self.assertNotIn(self.env.ref("telmico_tasks.project_task_menu_overdue").id, menus)
        manager_menus = self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        self.assertIn(self.env.ref("telmico_tasks.project_task_menu_overdue").id, manager_menus)

    def test_portal_user_sees_nothing(self):
        # even a portal follower (say, a client added by mistake) gets nothing
        self.assigned.message_subscribe(partner_ids=self.portal.partner_id.ids)
        self.assertFalse(self._visible(self.portal))
        with self.assertRaises(AccessError):
            self.assigned.with_user(self.portal).read(["name"])
        with self.assertRaises(AccessError):
            self.env["project.task"].with_user(self.portal).create({"name": "x", "project_id": self.project.id})
