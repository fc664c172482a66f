from datetime import datetime

from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import TasksCase


@tagged("post_install", "-at_install")
class TestTaskLinks(TasksCase):
    def test_task_from_a_request_links_both_ways(self):
        request = self._request(subject="მრიცხველის ჩვენება არასწორია")
        action = request.with_user(self.manager).action_create_task()
        self.assertEqual(action["res_model"], "project.task")
        with Form(self.env["project.task"].with_user(self.manager).with_context(**action["context"])) as form:
            self.assertEqual(form.name, "მრიცხველის ჩვენება არასწორია")
            form.user_ids.add(self.staff)
            form.user_ids.add(self.staff2)
        task = form.save()
        self.assertEqual((task.request_id, task.project_id), (request, self.project))
        self.assertTrue(task.telmico_management)
        self.assertEqual(task.stage_id, self.stage_new, "a new task starts in the first shipped stage")
        self.assertEqual(request.task_ids, task)
        self.assertEqual(request.with_user(self.manager).task_count, 1)
        opened = request.with_user(self.manager).action_open_tasks()
        self.assertEqual(self.env["project.task"].with_user(self.manager).search(opened["domain"]), task)

    def test_task_from_a_service_links_to_the_service_and_its_request(self):
        request = self._request()
        service = self.env["telmico.service"].create(
            {
                "template_id": self.tpl_consult.id,
                "partner_id": self.client.id,
                "request_id": request.id,
                "date_deadline": datetime(2030, 5, 4, 10, 0),
            }
        )
        action = service.with_user(self.manager).action_create_task()
        with Form(self.env["project.task"].with_user(self.manager).with_context(**action["context"])) as form:
            form.user_ids.add(self.staff)
        task = form.save()
        self.assertEqual((task.service_id, task.request_id), (service, request))
        self.assertEqual(task.date_deadline, datetime(2030, 5, 4, 10, 0), "the service's deadline is proposed")
        self.assertEqual((service.task_count, request.task_count), (1, 1))
        opened = service.with_user(self.manager).action_open_tasks()
        self.assertEqual(self.env["project.task"].search(opened["domain"]), task)

    def test_counts_in_one_query_per_model(self):
        requests = self._request() | self._request() | self._request()
        self._task(request_id=requests[0].id)
        self._task(request_id=requests[0].id)
        self._task(request_id=requests[2].id)
        requests.invalidate_recordset(["task_count"])
        with self.assertQueryCount(1):
            self.assertEqual(requests.mapped("task_count"), [2, 0, 1])

    def test_management_tasks_have_no_client_and_priorities(self):
        task = self._task(priority="2", user_ids=[Command.set([self.staff.id])])
        self.assertFalse(task.partner_id)
        self.assertEqual(task.priority, "2")
        tasks = self.env["project.task"].search([("id", "in", (task | self._task(priority="0")).ids)])
        self.assertEqual(tasks[0], task, "urgent tasks come first")
