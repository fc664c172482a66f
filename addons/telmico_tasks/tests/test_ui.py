from datetime import timedelta

from odoo import fields
from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTasksUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.manager = new_test_user(
            cls.env,
            login="tasks_tour_manager",
            groups="telmico_desk.group_desk_manager,telmico_tasks.group_tasks_manager",
            name="ლევან მენეჯერი",
        )
        cls.operator = new_test_user(
            cls.env, login="tasks_tour_operator", groups="telmico_desk.group_desk_user", name="ნინო ოპერატორი"
        )
        subscriber = mirror_subscribers(cls.env, (0, {"number": "1000000001"}))
        cls.client = cls.env["res.partner"].create(
            {"first_name": "გიორგი", "last_name": "ბერიძე", "mobile": "599 12 34 56"}
        )
        link_client(cls.env, cls.client, subscriber)

    def test_manager_creates_a_task_from_a_request_for_an_operator(self):
        request = self.env["telmico.request"].create(
            {"subject": "Meter reading is wrong", "partner_id": self.client.id, "channel": "email", "state": "new"}
        )
        url = f"/odoo/action-telmico_desk.telmico_request_action/{request.id}"
        self.start_tour(url, "telmico_tasks_create_from_request_tour", login="tasks_tour_manager")
        task = request.task_ids
        self.assertEqual(len(task), 1)
        self.assertEqual((task.name, task.user_ids), ("Meter reading is wrong", self.operator))
        self.assertEqual(task.project_id, self.env.ref("telmico_tasks.project_management"))

        self.start_tour(
            "/odoo/action-telmico_tasks.project_task_action_mine",
            "telmico_tasks_assignee_list_tour",
            login="tasks_tour_operator",
        )

    def test_manager_views(self):
        """The manager's kanban, calendar and the control view (pivot and list of overdue tasks by assignee)."""
        self.env["project.task"].create(
            {
                "name": "Prepare the quarterly report",
                "project_id": self.env.ref("telmico_tasks.project_management").id,
                "user_ids": [Command.set(self.operator.ids)],
                "date_deadline": fields.Datetime.now() - timedelta(days=2),
            }
        )
        self.start_tour(
            "/odoo/action-telmico_tasks.project_task_action",
            "telmico_tasks_manager_views_tour",
            login="tasks_tour_manager",
        )
