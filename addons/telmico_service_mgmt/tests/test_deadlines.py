from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from .common import ServiceCase

SERVICE_MODULE = "odoo.addons.telmico_service_mgmt.models.telmico_service"


class TestDeadlines(ServiceCase):
    """Telmico's calendar: Mon-Fri 09:00-13:00 and 14:00-18:00 Tbilisi (UTC+4), Georgian holidays off."""

    def test_deadline_across_a_weekend_and_a_holiday(self):
        # Friday 20 November 2026, 17:00 in Tbilisi; 16 working hours of stage 1 (+8 of stage 2 overall).
        # Monday 23 November is Giorgoba (a public holiday): the work continues on Tuesday and Wednesday.
        with freeze_time("2026-11-20 13:00:00"):
            service = self._transfer()
            service.action_register()
        stage = service.current_route_line_id
        # Fri 17-18 (1h), Tue 24 (8h), Wed 25 09:00-13:00, 14:00-17:00 (7h) -> Wed 17:00 Tbilisi = 13:00 UTC
        self.assertEqual(stage.date_deadline, datetime(2026, 11, 25, 13, 0))
        # overall 24 hours -> Thursday 26 November 17:00 Tbilisi
        self.assertEqual(service.date_deadline, datetime(2026, 11, 26, 13, 0))

    def test_deadline_over_easter(self):
        # Thursday 9 April 2026 (National Unity Day, a holiday), then Orthodox Easter Friday to Monday 10-13 April
        with freeze_time("2026-04-08 13:00:00"):  # Wednesday 17:00 Tbilisi
            service = self._transfer()
            service.action_register()
        # Wed 17-18 (1h), Tue 14 April 8h, Wed 15 April 7h -> Wed 15 April 17:00 Tbilisi
        self.assertEqual(service.current_route_line_id.date_deadline, datetime(2026, 4, 15, 13, 0))

    def test_reminder_before_the_deadline(self):
        with freeze_time("2026-11-24 05:00:00"):  # Tuesday 09:00 Tbilisi
            service = self._transfer()
            service.action_register()
            service.user_id = self.clerk1
        with freeze_time("2026-11-26 05:00:00"):  # Thursday 09:00: 8 working hours left of 24 overall
            self.env["telmico.service"]._cron_deadline_reminders()
            self.assertFalse(service.reminder_sent)
        with freeze_time("2026-11-26 11:00:00"):  # Thursday 15:00: 3 hours left < 4 hours of reminder
            self.env["telmico.service"]._cron_deadline_reminders()
            self.assertTrue(service.reminder_sent)
            self.assertEqual(service.deadline_state, "at_risk")
            self.assertIn(
                "Deadline of", service.activity_ids.filtered(lambda a: a.user_id == self.clerk1).mapped("summary")[-1]
            )
            count = len(service.activity_ids)
            self.env["telmico.service"]._cron_deadline_reminders()
            self.assertEqual(len(service.activity_ids), count, "reminded once")
            self.assertIn(service, self.env["telmico.service"].search([("deadline_state", "=", "at_risk")]))

    def test_escalation_after_the_deadline(self):
        with freeze_time("2026-11-24 05:00:00"):
            service = self._transfer()
            service.action_register()
        deadline = service.date_deadline  # Thursday 26 November 18:00 Tbilisi
        self.assertEqual(deadline, datetime(2026, 11, 26, 14, 0))
        with freeze_time("2026-11-26 15:00:00"):  # one hour later (but outside working time)
            self.env["telmico.service"]._cron_escalate()
            self.assertEqual(service.escalation_level, 1)
            self.assertEqual(service.deadline_state, "overdue")
            self.assertIn(self.charges_head, service.activity_ids.user_id)
            self.env["telmico.service"]._cron_escalate()
            self.assertEqual(service.escalation_level, 1, "the escalation contact waits a working day")
        with freeze_time("2026-11-27 14:00:00"):  # Friday 18:00: 8 working hours overdue
            self.env["telmico.service"]._cron_escalate()
            self.assertEqual(service.escalation_level, 2)
            self.assertIn(self.boss, service.activity_ids.user_id)
            self.assertIn(service, self.env["telmico.service"].search([("deadline_state", "=", "overdue")]))


class TestDeadlineCrons(ServiceCase):
    """The crons read only the services whose next check has come, in batches committed chunk by chunk."""

    def _register(self, count, when):
        with freeze_time(when):
            services = self.env["telmico.service"]
            for __ in range(count):
                service = self._transfer()
                service.action_register()
                services |= service
        return services

    @contextmanager
    def _cron_run(self, when):
        """Run crons at ``when`` with chunks of 2 services; yields the commit and progress mocks."""
        with (
            freeze_time(when),
            patch(f"{SERVICE_MODULE}.CRON_CHUNK", 2),
            patch(f"{SERVICE_MODULE}.commit_chunk") as commit,
            patch.object(type(self.env["ir.cron"]), "_notify_progress") as progress,
        ):
            yield commit, progress

    def test_reminders_reach_every_due_service_batch_after_batch(self):
        # deadline Thursday 26 November 18:00 Tbilisi, reminder 4 working hours before: Thursday 14:00
        older = self._register(7, "2026-11-24 05:00:00")
        # registered a day later, newer (higher ids): their reminder is on Friday
        newer = self._register(4, "2026-11-25 05:00:00")
        self.assertEqual(set(older.mapped("date_reminder")), {datetime(2026, 11, 26, 10, 0)})
        Service = self.env["telmico.service"]
        with self._cron_run("2026-11-26 11:00:00") as (commit, progress):  # Thursday 15:00
            self.assertEqual(Service._cron_deadline_reminders(limit=5), 5)
            progress.assert_called_with(done=5, remaining=2)
            self.assertEqual(commit.call_count, 3, "5 services in chunks of 2: committed 3 times")
            self.assertEqual(Service._cron_deadline_reminders(limit=5), 2)
            progress.assert_called_with(done=2, remaining=0)
            self.assertEqual(Service._cron_deadline_reminders(limit=5), 0, "nothing due is left")
        self.assertTrue(all(older.mapped("reminder_sent")), "every due service reminded, the oldest too")
        self.assertFalse(any(older.mapped("date_reminder")))
        self.assertFalse(any(newer.mapped("reminder_sent")), "not due yet")
        self.assertEqual(set(newer.mapped("date_reminder")), {datetime(2026, 11, 27, 10, 0)})
        with self._cron_run("2026-11-27 10:30:00"):  # Friday 14:30: the newer ones
            self.assertEqual(Service._cron_deadline_reminders(limit=5), 4)
        self.assertTrue(all(newer.mapped("reminder_sent")))

    def test_escalations_reach_every_overdue_service_batch_after_batch(self):
        older = self._register(7, "2026-11-24 05:00:00")  # deadline Thursday 26 November 18:00 Tbilisi
        newer = self._register(4, "2026-11-25 05:00:00")  # deadline Friday 27 November 18:00 Tbilisi
        Service = self.env["telmico.service"]
        with self._cron_run("2026-11-26 15:00:00") as (commit, progress):  # Thursday 19:00
            self.assertEqual(Service._cron_escalate(limit=5), 5)
            progress.assert_called_with(done=5, remaining=2)
            self.assertEqual(Service._cron_escalate(limit=5), 2)
            self.assertEqual(Service._cron_escalate(limit=5), 0)
            self.assertTrue(commit.called)
        self.assertEqual(set(older.mapped("escalation_level")), {1})
        self.assertEqual(set(newer.mapped("escalation_level")), {0})
        # the escalation contact comes 8 working hours after the deadline: Friday 18:00 Tbilisi
        self.assertEqual(set(older.mapped("date_escalation")), {datetime(2026, 11, 27, 14, 0)})
        with self._cron_run("2026-11-27 14:00:00"):
            while Service._cron_escalate(limit=5):
                pass
        self.assertEqual(set(older.mapped("escalation_level")), {2})
        self.assertFalse(any(older.mapped("date_escalation")), "nothing more to escalate")
        self.assertEqual(set(newer.mapped("escalation_level")), {1})
        self.assertIn(self.boss, older[:1].activity_ids.user_id)

    def test_next_checks_follow_the_state_and_the_deadline(self):
        service = self._register(1, "2026-11-24 05:00:00")
        self.assertEqual(
            (service.date_reminder, service.date_escalation), (datetime(2026, 11, 26, 10, 0), service.date_deadline)
        )
        with freeze_time("2026-11-26 11:00:00"):
            self.env["telmico.service"]._cron_deadline_reminders()
            self.assertTrue(service.reminder_sent)
            # the deadline moved to Monday 30 November 18:00 Tbilisi: a new deadline, reminded again before it
            service.date_deadline = datetime(2026, 11, 30, 14, 0)
            self.assertFalse(service.reminder_sent)
            self.assertEqual(service.deadline_state, "on_track")
        self.assertEqual(
            (service.date_reminder, service.date_escalation), (datetime(2026, 11, 30, 10, 0), service.date_deadline)
        )
        service.action_cancel()
        self.assertEqual(
            (service.date_reminder, service.date_escalation), (False, False), "a closed service waits for nothing"
        )

    def test_next_checks_follow_holidays_and_reminder_hours(self):
        service = self._register(1, "2026-11-24 05:00:00")  # deadline Thursday 26 November 18:00 Tbilisi
        self.assertEqual(service.date_reminder, datetime(2026, 11, 26, 10, 0))  # Thursday 14:00
        with freeze_time("2026-11-24 06:00:00"):
            self.transfer.reminder_hours = 12
            self.assertEqual(service.date_reminder, datetime(2026, 11, 24, 6, 0), "looked at again by the cron")
            self.env["telmico.service"]._cron_deadline_reminders()
        self.assertFalse(service.reminder_sent)
        self.assertEqual(
            service.date_reminder, datetime(2026, 11, 25, 10, 0), "12 working hours before: Wednesday 14:00"
        )
        with freeze_time("2026-11-24 07:00:00"):
            self.transfer.reminder_hours = 4
            # Thursday becomes a public holiday: 4 working hours before Thursday 18:00 is Wednesday 14:00
            self.env["resource.calendar.leaves"].create(
                {
                    "name": "დღესასწაული",
                    "calendar_id": self.transfer.calendar_id.id,
                    "date_from": datetime(2026, 11, 25, 20, 0),
                    "date_to": datetime(2026, 11, 26, 19, 59, 59),
                }
            )
        with freeze_time("2026-11-25 11:00:00"):  # Wednesday 15:00
            self.env["telmico.service"]._cron_deadline_reminders()
        self.assertTrue(service.reminder_sent, "reminded a working day earlier")
