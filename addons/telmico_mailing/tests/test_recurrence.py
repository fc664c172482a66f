from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MailingCase


@tagged("post_install", "-at_install", "telmico_mailing")
class TestRecurringMailings(MailingCase):
    """A recurring mailing, once sent, is copied and queued for its next date."""

    def _scheduled(self, when, **vals):
        mailing = self._mailing("mail", "transactional", schedule_type="scheduled", schedule_date=when, **vals)
        mailing.action_put_in_queue()
        return mailing

    def test_weekly_mailing_scheduled_again(self):
        mailing = self._scheduled(datetime(2026, 12, 1, 8, 0), recurrence="weekly")
        with freeze_time(datetime(2026, 12, 1, 8, 1)):
            self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.assertEqual(mailing.state, "done")
        following = mailing.recurrence_next_id
        self.assertTrue(following, "the next occurrence exists")
        self.assertEqual((following.state, following.schedule_type), ("in_queue", "scheduled"))
        self.assertEqual(following.schedule_date, datetime(2026, 12, 8, 8, 0))
        self.assertEqual(
            (following.subject, following.recurrence, following.mailing_kind, following.mailing_domain),
            (mailing.subject, "weekly", "transactional", mailing.mailing_domain),
        )
        self.assertIn("2026-12-08 08:00", mailing.message_ids[0].body)
        # its day comes: sent to everyone again, and the one after is scheduled
        with freeze_time(datetime(2026, 12, 8, 8, 1)):
            self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.assertEqual(following.state, "done")
        self.assertEqual(len(following.mailing_trace_ids), len(mailing.mailing_trace_ids))
        self.assertEqual(following.recurrence_next_id.schedule_date, datetime(2026, 12, 15, 8, 0))
        # sending again (a retry) does not schedule a second copy
        count = self.env["mailing.mailing"].search_count([("subject", "=", mailing.subject)])
        with freeze_time(datetime(2026, 12, 8, 9, 0)):
            following._schedule_next_occurrence()
        self.assertEqual(self.env["mailing.mailing"].search_count([("subject", "=", mailing.subject)]), count)

    def test_daily_and_monthly_steps_and_end(self):
        daily = self._scheduled(datetime(2026, 1, 31, 6, 0), recurrence="daily")
        monthly = self._scheduled(datetime(2026, 1, 31, 6, 0), recurrence="monthly")
        ending = self._scheduled(datetime(2026, 1, 31, 6, 0), recurrence="monthly", recurrence_until=date(2026, 2, 15))
        once = self._scheduled(datetime(2026, 1, 31, 6, 0))
        with freeze_time(datetime(2026, 1, 31, 6, 5)):
            (daily | monthly | ending | once).action_send_mail()
        self.assertEqual(daily.recurrence_next_id.schedule_date, datetime(2026, 2, 1, 6, 0))
        self.assertEqual(monthly.recurrence_next_id.schedule_date, datetime(2026, 2, 28, 6, 0), "end of a short month")
        self.assertFalse(ending.recurrence_next_id, "not after its end date")
        self.assertFalse(once.recurrence_next_id, "not a recurring mailing")

    def test_late_sending_schedules_a_future_date(self):
        daily = self._scheduled(datetime(2026, 3, 1, 6, 0), recurrence="daily")
        with freeze_time(datetime(2026, 3, 3, 12, 0)):
            daily.action_send_mail()
        self.assertEqual(daily.recurrence_next_id.schedule_date, datetime(2026, 3, 4, 6, 0))
