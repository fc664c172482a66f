from datetime import datetime

from freezegun import freeze_time

from ..tools.compliance import in_quiet_hours, quiet_hours_end
from .common import MailingCase

# 21:30 in Tbilisi (UTC+4), and noon
NIGHT = datetime(2026, 11, 30, 17, 30)
NOON = datetime(2026, 11, 30, 8, 0)


class TestQuietHoursTool(MailingCase):
    def test_window_across_midnight(self):
        self.assertTrue(in_quiet_hours(NIGHT, 21, 9))
        self.assertTrue(in_quiet_hours(datetime(2026, 11, 30, 4, 59), 21, 9), "08:59 in Tbilisi")
        self.assertFalse(in_quiet_hours(datetime(2026, 11, 30, 5, 0), 21, 9), "09:00 in Tbilisi")
        self.assertFalse(in_quiet_hours(NOON, 21, 9))
        self.assertFalse(in_quiet_hours(NIGHT, 9, 9), "equal bounds: no quiet hours")
        self.assertTrue(in_quiet_hours(NOON, 11.5, 13), "a window inside the day")
        self.assertEqual(quiet_hours_end(NIGHT, 21, 9), datetime(2026, 12, 1, 5, 0), "09:00 next morning")
        self.assertEqual(quiet_hours_end(datetime(2026, 11, 30, 2, 0), 21, 9), datetime(2026, 11, 30, 5, 0))
        self.assertEqual(quiet_hours_end(NOON, 21, 9), NOON)


class TestCompliance(MailingCase):
    def _sms_of(self, mailing):
        return self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])

    def test_sms_needs_consent_and_mobile(self):
        self.assertEqual(
            set(self._mailing("sms", "transactional")._get_recipients()), set((self.nino | self.tamar).ids)
        )
        self.assertEqual(set(self._mailing("sms", "advertising")._get_recipients()), {self.nino.id})
        self.assertEqual(
            set(self._mailing("mail", "transactional")._get_recipients()), set((self.nino | self.levan).ids)
        )
        self.tamar.mobile = False
        self.assertEqual(set(self._mailing("sms", "transactional")._get_recipients()), {self.nino.id})

    def test_opt_out_honoured(self):
        self.env["phone.blacklist"].sudo().add(self.tamar.mobile)
        mailing = self._mailing("sms", "transactional")
        mailing.action_send_sms()
        self.assertEqual(self._sms_of(mailing).partner_id, self.nino, "the opted-out client gets no SMS")
        self.env["mail.blacklist"].sudo()._add(self.levan.email)
        self.assertEqual(set(self._mailing("mail", "transactional")._get_recipients()), {self.nino.id})

    def test_advertising_sms_waits_for_morning(self):
        advertising = self._mailing("sms", "advertising")
        transactional = self._mailing("sms", "transactional")
        with freeze_time(NIGHT):
            (advertising | transactional).action_send_mail()
        self.assertFalse(self._sms_of(advertising), "no advertising SMS at night")
        self.assertEqual(advertising.state, "in_queue")
        self.assertEqual(advertising.schedule_date, datetime(2026, 12, 1, 5, 0), "09:00 in Tbilisi")
        self.assertIn("2026-12-01 09:00 (Tbilisi time)", advertising.message_ids[0].body)
        self.assertEqual(self._sms_of(transactional).partner_id, self.nino | self.tamar, "a reminder is not marketing")
        with freeze_time(NIGHT):
            self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.assertFalse(self._sms_of(advertising), "the queue keeps it until the morning")
        with freeze_time(datetime(2026, 12, 1, 5, 1)):
            self.env["mailing.mailing"]._process_mass_mailing_queue()  # sends
            self.env["mailing.mailing"]._process_mass_mailing_queue()  # nobody left: done
        self.assertEqual(self._sms_of(advertising).partner_id, self.nino)
        self.assertEqual(advertising.state, "done")

    def test_frequency_cap(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("telmico_mailing.frequency_cap_count", "2")
        params.set_param("telmico_mailing.frequency_cap_days", "7")
        sent = self._mailing("sms", "advertising") | self._mailing("sms", "advertising")
        for mailing in sent:
            mailing.action_send_sms()
        third = self._mailing("sms", "advertising")
        self.assertFalse(third._get_remaining_recipients(), "two advertising SMS this week: capped")
        self.assertEqual(
            sorted(self._mailing("sms", "transactional")._get_remaining_recipients()),
            sorted((self.nino | self.tamar).ids),
            "transactional messages are not capped",
        )
        # one of the two was sent eight days ago: out of the window, the cap lets one more through
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE mailing_trace SET create_date = create_date - interval '8 days' WHERE mass_mailing_id = %s",
            [sent[0].id],
        )
        self.assertEqual(third._get_remaining_recipients(), self.nino.ids)
        params.set_param("telmico_mailing.frequency_cap_count", "0")
        self.assertEqual(third._get_remaining_recipients(), self.nino.ids, "0: no cap")
        params.set_param("telmico_mailing.frequency_cap_count", "1")
        self.assertFalse(third._get_remaining_recipients())
