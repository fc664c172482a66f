from datetime import datetime

from freezegun import freeze_time

from .common import MailingCase

# 12:00 in Tbilisi on 30 November 2026 (the test clients' birthday; Nino's bill is due on 3 December)
NOON = datetime(2026, 11, 30, 8, 0)
NIGHT = datetime(2026, 11, 30, 18, 0)


class TestTriggers(MailingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Trigger = cls.env["telmico.mailing.trigger"]
        cls.birthday = Trigger.create(
            {
                "name": "დაბადების დღე — VIP",
                "trigger_type": "birthday",
                "channel": "sms",
                "segment_ids": [(6, 0, cls.vip.ids)],
                "body": "{{ object.name }}, გილოცავთ დაბადების დღეს! Telmico",
            }
        )
        cls.reminder = Trigger.create(
            {
                "name": "ქვითრის შეხსენება",
                "trigger_type": "due_date",
                "days_before": 3,
                "channel": "cabinet",
                "subject": "გადახდის ვადა: {{ receipt.due_date }}",
                "body": "{{ object.name }}, გადასახდელია {{ receipt.amount_due }} ლარი.",
            }
        )

    def _sms_to(self, partner):
        return self.env["sms.sms"].search([("partner_id", "=", partner.id)])

    def test_birthday_greetings_once(self):
        self.assertEqual(self.birthday.mailing_kind, "advertising")
        with freeze_time(NOON):
            self.birthday._run()
            self.birthday._run()  # the job reruns: nobody is greeted twice
        sms = self._sms_to(self.nino)
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.body, "ნინო კაპანაძე, გილოცავთ დაბადების დღეს! Telmico")
        self.assertEqual(sms.number, "+995599100201")
        self.assertFalse(self._sms_to(self.levan), "not in the segment")
        self.assertFalse(self._sms_to(self.tamar), "no marketing consent")
        logs = self.birthday.log_ids
        self.assertEqual(logs.partner_id, self.nino | self.tamar)
        self.assertEqual(logs.filtered(lambda log: log.partner_id == self.tamar).state, "skipped")
        self.assertEqual(self.birthday.log_count, 1)
        self.assertIn("გილოცავთ", self.nino.message_ids[0].body, "the greeting shows on the client's card")

    def test_birthday_not_at_night_nor_another_day(self):
        with freeze_time(NIGHT):  # 22:00 in Tbilisi
            self.birthday._run()
        self.assertFalse(self.birthday.log_ids, "quiet hours: nothing sent, nothing claimed")
        with freeze_time(datetime(2026, 12, 1, 8, 0)):
            self.birthday._run()
        self.assertFalse(self.birthday.log_ids, "not their birthday")

    def test_due_date_reminder_once(self):
        self.assertEqual(self.reminder.mailing_kind, "transactional")
        with freeze_time(NOON):
            self.env["telmico.mailing.trigger"]._cron_run()
            self.env["telmico.mailing.trigger"]._cron_run()
        messages = self.env["telmico.mailing.message"].search([("trigger_id", "=", self.reminder.id)])
        self.assertEqual(messages.partner_id, self.nino, "the only bill due on 3 December")
        self.assertEqual(messages.name, "გადახდის ვადა: 2026-12-03")
        self.assertIn("გადასახდელია 120.0 ლარი", messages.body)
        self.assertEqual(self.reminder.log_ids.event_date.isoformat(), "2026-12-03")
        with freeze_time(datetime(2026, 12, 1, 8, 0)):
            self.reminder._run()
        self.assertEqual(len(self.reminder.log_ids), 1, "two days before: no reminder")

    def test_email_channel(self):
        self.reminder.write({"channel": "mail"})
        with freeze_time(NOON):
            self.reminder._run()
        mail = self.env["mail.mail"].search([("email_to", "ilike", "nino.kapanadze@example.ge")])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, "გადახდის ვადა: 2026-12-03")

    def _communications(self, partner):
        self.env.invalidate_all()
        return self.env["telmico.communication"].search([("partner_id", "=", partner.id), ("kind", "=", "mailing")])

    def test_cabinet_and_email_reminders_in_communications(self):
        with freeze_time(NOON):
            self.reminder._run()
        row = self._communications(self.nino)
        self.assertEqual(
            (row.channel, row.status, row.subject, row.res_model, row.res_id),
            ("portal", "delivered", "გადახდის ვადა: 2026-12-03", "telmico.mailing.trigger", self.reminder.id),
        )
        self.env["telmico.mailing.message"].search([("trigger_id", "=", self.reminder.id)])._mark_read()
        self.assertEqual(self._communications(self.nino).status, "opened")

    def test_email_reminder_in_communications(self):
        self.reminder.write({"channel": "mail"})
        with freeze_time(NOON):
            self.reminder._run()
        row = self._communications(self.nino)
        self.assertEqual(
            (row.channel, row.status, row.subject, row.res_model),
            ("email", "queued", "გადახდის ვადა: 2026-12-03", "telmico.mailing.trigger"),
        )
        # the mail queue sends it: the trace follows the mail
        self.env["mail.mail"].search([("email_to", "ilike", "nino.kapanadze@example.ge")]).send()
        self.assertEqual(self._communications(self.nino).status, "delivered")
