from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTasksDemo(TransactionCase):
    def test_demo_tasks(self):
        """The demo shows management tasks: the supervisor manages them, department heads and agents have tasks
        in every shipped stage, some overdue, some made from requests and a service."""
        stats = self.env["telmico.demo"]._generate(size=600)
        project = self.env.ref("telmico_tasks.project_management")
        tasks = self.env["project.task"].search([("project_id", "=", project.id)])
        self.assertEqual(stats["tasks"], len(tasks))
        self.assertGreaterEqual(len(tasks), 14)
        self.assertEqual(len(tasks.stage_id), 5, "every shipped stage has tasks")
        self.assertTrue(tasks.filtered("telmico_overdue"))
        self.assertTrue(tasks.filtered("request_id"))
        self.assertTrue(tasks.filtered("service_id"))
        self.assertEqual(set(tasks.mapped("priority")), {"0", "1", "2"})
        supervisor = self.env["res.users"].search([("login", "=", "supervisor")])
        self.assertTrue(supervisor.has_group("telmico_tasks.group_tasks_manager"))
        visible = self.env["project.task"].with_user(supervisor).search([("project_id", "=", project.id)])
        self.assertEqual(visible, tasks, "the supervisor sees every management task")
        self.assertEqual(self.env["telmico.demo"]._generator()._generate_tasks(1), 0, "generated once")
