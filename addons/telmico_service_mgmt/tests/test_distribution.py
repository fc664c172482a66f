from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form

from .common import ServiceCase


class TestDistribution(ServiceCase):
    """The head gives the department's services out: by the department's rule in one click, or to a chosen member."""

    def _registered(self):
        service = self._transfer()
        service.action_register()
        return service

    def test_distribute_by_the_department_rule(self):
        # the charges department is distributed by its head: one click gives the least loaded member
        busy = self._registered()
        busy._assign(self.clerk1)
        service = self._registered()
        self.assertFalse(service.user_id)
        service.with_user(self.charges_head).action_distribute()
        self.assertEqual(service.user_id, self.clerk2, "clerk1 already has a service")
        self.assertEqual(service.current_route_line_id.user_id, self.clerk2, "the stage knows its executor")
        self.assertIn(self.clerk2, service.activity_ids.user_id, "the executor gets a to-do")
        self.assertNotIn(self.charges_head, service.activity_ids.user_id, "the head's to-do to distribute is done")
        # a round robin department follows its own rule
        self.metering.member_ids = [Command.link(self.clerk1.id)]
        first, second = self._registered(), self._registered()
        for service in first | second:
            service.action_done()  # to the metering stage, given out by round robin at once
        first.user_id = second.user_id = False
        (first | second).with_user(self.meter_head).action_distribute()
        self.assertEqual((first | second).mapped("user_id"), self.meter1 | self.clerk1)

    def test_only_the_head_distributes(self):
        service = self._registered()
        with self.assertRaises(AccessError):
            service.with_user(self.clerk1).action_distribute()
        with self.assertRaises(AccessError):
            service.with_user(self.meter_head).action_assign()
        service.with_user(self.boss).action_distribute()  # a services manager may
        self.assertTrue(service.user_id)

    def test_nobody_to_distribute_to(self):
        self.charges.member_ids = [Command.clear()]
        service = self._registered()
        with self.assertRaisesRegex(UserError, "Nobody in"):
            service.with_user(self.charges_head).action_distribute()

    def test_assign_to_a_member_with_a_deadline(self):
        with freeze_time("2026-11-24 05:00:00"):  # Tuesday 09:00 Tbilisi; the stage ends Wednesday 18:00
            service = self._registered()
            self.assertEqual(service.current_route_line_id.date_deadline, datetime(2026, 11, 25, 14, 0))
            action = service.with_user(self.charges_head).action_assign()
            wizard = Form(self.env[action["res_model"]].with_user(self.charges_head).with_context(**action["context"]))
            wizard.user_id = self.clerk1
            wizard.date_executor_deadline = datetime(2026, 11, 25, 16, 0)  # after the stage's deadline
            with self.assertRaisesRegex(ValidationError, "inside the stage"):
                wizard.save().action_confirm()
            wizard.date_executor_deadline = datetime(2026, 11, 24, 4, 0)  # already past
            with self.assertRaisesRegex(ValidationError, "already past"):
                wizard.save().action_confirm()
            wizard.date_executor_deadline = datetime(2026, 11, 24, 13, 0)  # Tuesday 17:00 Tbilisi
            wizard.save().action_confirm()
        self.assertEqual(service.user_id, self.clerk1)
        self.assertEqual(service.date_executor_deadline, datetime(2026, 11, 24, 13, 0))
        self.assertEqual(service.current_route_line_id.date_executor_deadline, datetime(2026, 11, 24, 13, 0))
        with self.assertRaises(AccessError):
            service.with_user(self.clerk1).date_executor_deadline = datetime(2026, 11, 25, 13, 0)
        # another executor starts without the previous one's deadline
        service.with_user(self.charges_head)._assign(self.clerk2)
        self.assertFalse(service.date_executor_deadline)
        self.assertFalse(service.current_route_line_id.date_executor_deadline)


class TestExecutorDeadlines(ServiceCase):
    """Telmico's calendar: Mon-Fri 09:00-13:00 and 14:00-18:00 Tbilisi (UTC+4). The transfer's first stage has 16
    working hours, the whole service 24, reminders 4 working hours before."""

    def test_executor_is_reminded_and_the_head_told_at_the_executor_deadline(self):
        Service = self.env["telmico.service"]
        with freeze_time("2026-11-24 05:00:00"):  # Tuesday 09:00 Tbilisi
            service = self._transfer()
            service.action_register()
            service.with_user(self.charges_head)._assign(self.clerk1, datetime(2026, 11, 24, 13, 0))  # Tue 17:00
        self.assertEqual(service.date_deadline, datetime(2026, 11, 26, 14, 0), "the service: Thursday 18:00")
        # 4 working hours before Tuesday 17:00 (lunch 13-14): Tuesday 12:00 Tbilisi
        self.assertEqual(service.date_reminder, datetime(2026, 11, 24, 8, 0))
        self.assertEqual(service.date_escalation, datetime(2026, 11, 24, 13, 0), "the executor's deadline first")
        with freeze_time("2026-11-24 07:30:00"):
            Service._cron_deadline_reminders()
            self.assertFalse(service.executor_reminder_sent)
        with freeze_time("2026-11-24 08:30:00"):  # Tuesday 12:30
            Service._cron_deadline_reminders()
            self.assertTrue(service.executor_reminder_sent)
            self.assertFalse(service.reminder_sent, "the service's own deadline is far")
            self.assertEqual(service.deadline_state, "at_risk")
            reminder = service.activity_ids.filtered(lambda a: a.user_id == self.clerk1 and "near" in a.summary)
            self.assertEqual(len(reminder), 1)
            self.assertEqual(service.date_reminder, datetime(2026, 11, 26, 10, 0), "next: the service's reminder")
            Service._cron_deadline_reminders()
            self.assertEqual(len(service.activity_ids.filtered(lambda a: "near" in a.summary)), 1, "reminded once")
        with freeze_time("2026-11-24 13:30:00"):  # Tuesday 17:30: the executor's deadline passed
            Service._cron_escalate()
            self.assertTrue(service.executor_escalated)
            self.assertEqual(service.escalation_level, 0, "the service itself is not overdue")
            told = service.activity_ids.filtered(lambda a: a.user_id == self.charges_head)
            self.assertIn("missed the deadline", told.summary)
            self.assertEqual(service.deadline_state, "overdue")
            self.assertIn(service, Service.search([("deadline_state", "=", "overdue")]))
            self.assertEqual(service.date_escalation, service.date_deadline, "next: the service's deadline")
            Service._cron_escalate()
            self.assertEqual(len(service.activity_ids.filtered(lambda a: a.user_id == self.charges_head)), 1)
        # a new deadline for the executor: reminded and escalated again
        with freeze_time("2026-11-25 05:00:00"):
            service.with_user(self.charges_head)._assign(self.clerk1, datetime(2026, 11, 25, 7, 0))  # Wed 11:00
            self.assertFalse(service.executor_escalated)
            self.assertTrue(service.executor_reminder_sent, "due at once: the executor was just told")
            self.assertEqual(service.date_escalation, datetime(2026, 11, 25, 7, 0))

    def test_the_executor_deadline_is_inside_the_stage(self):
        with freeze_time("2026-11-24 05:00:00"):
            service = self._transfer()
            service.action_register()
            with self.assertRaisesRegex(ValidationError, "inside the stage"):
                service.with_user(self.charges_head)._assign(self.clerk1, datetime(2026, 11, 25, 15, 0))
