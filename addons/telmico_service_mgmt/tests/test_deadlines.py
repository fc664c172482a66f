from datetime import datetime

from freezegun import freeze_time

from .common import ServiceCase


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
