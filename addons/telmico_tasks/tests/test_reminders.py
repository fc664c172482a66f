from ast import literal_eval
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from .common import TasksCase

DEADLINE = datetime(2030, 3, 14, 15, 0)


@tagged("post_install", "-at_install")
class TestTaskReminders(TasksCase):
    def _run(self, moment, limit=1000):
        with freeze_time(moment):
            return self.env["project.task"]._cron_telmico_reminders(limit=limit)

    def _reminder_activities(self, task):
        return task.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("telmico_tasks.mail_activity_type_deadline")
        )

    def _deadline_mails(self, task):
        # the deadline mail, in the assignees' language: its light layout tells it from the activities' notices
        return self.env["mail.message"].search(
            [
                ("model", "=", "project.task"),
                ("res_id", "in", task.ids),
                ("message_type", "=", "user_notification"),
                ("email_layout_xmlid", "=", "mail.mail_notification_light"),
            ]
        )

    def test_reminded_before_and_at_the_deadline_once(self):
        task = self._task(date_deadline=DEADLINE, user_ids=[Command.set([self.staff.id, self.staff2.id])])
        self.assertEqual(task.telmico_reminder_date, DEADLINE - timedelta(hours=24))

        self.assertEqual(self._run(DEADLINE - timedelta(hours=30)), 0, "too early")
        self.assertFalse(self._reminder_activities(task))

        self.assertEqual(self._run(DEADLINE - timedelta(hours=23)), 1)
        activities = self._reminder_activities(task)
        self.assertEqual(activities.user_id, self.staff | self.staff2, "one activity for each assignee")
        self.assertEqual(set(activities.mapped("date_deadline")), {DEADLINE.date()})
        self.assertEqual((task.telmico_reminded, task.telmico_reminder_date), ("before", DEADLINE))
        self.assertEqual(self._run(DEADLINE - timedelta(hours=2)), 0, "no second reminder before the deadline")
        self.assertEqual(len(self._reminder_activities(task)), 2)

        self.assertEqual(self._run(DEADLINE + timedelta(minutes=5)), 1)
        mail = self._deadline_mails(task)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.partner_ids, (self.staff | self.staff2).partner_id)
        self.assertEqual(mail.message_type, "user_notification")
        self.assertFalse(task.telmico_reminder_date)
        self.assertEqual(self._run(DEADLINE + timedelta(days=2)), 0, "no second mail at the deadline")
        self.assertEqual(len(self._deadline_mails(task)), 1)

    def test_new_deadline_reminds_again(self):
        task = self._task(date_deadline=DEADLINE, user_ids=[Command.set([self.staff.id])])
        self._run(DEADLINE + timedelta(minutes=1))
        self.assertEqual(task.telmico_reminded, "due")
        task.date_deadline = DEADLINE + timedelta(days=7)
        self.assertEqual(task.telmico_reminded, "none")
        self.assertEqual(task.telmico_reminder_date, DEADLINE + timedelta(days=6))

    def test_done_tasks_and_lead_of_the_project(self):
        self.project.telmico_reminder_hours = 2
        done = self._task(date_deadline=DEADLINE, user_ids=[Command.set([self.staff.id])], stage_id=self.stage_done.id)
        late = self._task(date_deadline=DEADLINE, user_ids=[Command.set([self.staff.id])])
        self.assertFalse(done.telmico_reminder_date, "a done task is never reminded")
        self.assertEqual(late.telmico_reminder_date, DEADLINE - timedelta(hours=2))
        self.assertEqual(self._run(DEADLINE - timedelta(hours=3)), 0)
        self.assertEqual(self._run(DEADLINE - timedelta(hours=1)), 1)
        self.assertFalse(self._reminder_activities(done))

    def test_batches(self):
        tasks = self.env["project.task"]
        for index in range(5):
            tasks |= self._task(
                date_deadline=DEADLINE + timedelta(minutes=index), user_ids=[Command.set([self.staff.id])]
            )
        moment = DEADLINE + timedelta(hours=1)
        self.assertEqual([self._run(moment, limit=2) for _run in range(4)], [2, 2, 1, 0])
        self.assertEqual(set(tasks.mapped("telmico_reminded")), {"due"})
        self.assertEqual(len(self._deadline_mails(tasks)), 5, "one mail per task")

    def test_overdue_by_person(self):
        with freeze_time(DEADLINE + timedelta(days=1)):
            late = self._task(date_deadline=DEADLINE, user_ids=[Command.set([self.staff.id, self.staff2.id])])
            late2 = self._task(date_deadline=DEADLINE, user_ids=[Command.set([self.staff.id])])
            self._task(date_deadline=DEADLINE, user_ids=[Command.set([self.staff.id])], stage_id=self.stage_done.id)
            self._task(date_deadline=DEADLINE + timedelta(days=3), user_ids=[Command.set([self.staff.id])])
            action = self.env["ir.actions.act_window"]._for_xml_id("telmico_tasks.project_task_action_overdue")
            Task = self.env["project.task"].with_user(self.manager)
            domain = [*literal_eval(action["domain"]), ("project_id", "=", self.project.id)]
            self.assertEqual(Task.search(domain), late | late2)
            groups = dict(Task._read_group(domain, ["user_ids"], ["__count"]))
            self.assertEqual(groups, {self.staff: 2, self.staff2: 1})
            self.assertTrue(late.telmico_overdue)
            self.assertEqual(Task.search([("id", "in", (late | late2).ids), ("telmico_overdue", "=", False)]), Task)
