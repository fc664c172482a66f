from datetime import datetime

from freezegun import freeze_time

from odoo.addons.mail.tests.common import MailCase
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ServiceCase

REPLY = """Return-Path: {return_path}
To: {to}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit
Date: Wed, 25 Nov 2026 10:00:00 +0400
Message-ID: {msg_id}
{extra}
თანხა გადაიტანეთ აბონენტ 1000000002-ზე, ქვითარი თან ერთვის.
"""


@tagged("post_install", "-at_install")  # the mail gateway with every addon's aliases in place
class TestWaitingForTheClient(ServiceCase, MailCase):
    """The executor asks the client; the service waits, its deadlines paused, until the client answers.

    Telmico's calendar: Mon-Fri 09:00-13:00 and 14:00-18:00 Tbilisi (UTC+4). The transfer: 16 working hours for the
    charges stage, 24 for the service, reminders 4 working hours before the deadline.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._init_mail_gateway()

    def _in_progress(self):
        with freeze_time("2026-11-24 05:00:00"):  # Tuesday 09:00
            service = self._transfer()
            service.action_register()
            service._assign(self.clerk1)
        return service

    def _ask(self, service, channel, question="რომელ აბონენტზე გადავიტანოთ თანხა?"):
        action = service.with_user(self.clerk1).action_ask_client()
        wizard = Form(self.env[action["res_model"]].with_user(self.clerk1).with_context(**action["context"]))
        wizard.channel = channel
        wizard.question = question
        return wizard.save().action_send()

    def test_mail_question_pauses_the_deadline_and_the_reply_resumes_it(self):
        service = self._in_progress()
        self.assertEqual(service.date_deadline, datetime(2026, 11, 26, 14, 0))  # Thursday 18:00
        with freeze_time("2026-11-24 06:00:00"):  # Tuesday 10:00
            self._ask(service, "email")
        self.assertEqual(service.state, "waiting")
        self.assertEqual(service.deadline_state, "paused")
        question = service.message_ids.filtered(lambda m: m.message_type == "comment" and self.client in m.partner_ids)
        self.assertEqual(len(question), 1, "the question went to the client from the service's chatter")
        self.assertIn("რომელ აბონენტზე", question.body)
        self.assertEqual((service.date_reminder, service.date_escalation), (False, False), "nothing to remind")
        Service = self.env["telmico.service"]
        with freeze_time("2026-11-26 15:00:00"):  # Thursday 19:00: past the deadline, still waiting
            Service._cron_deadline_reminders()
            Service._cron_escalate()
        self.assertFalse(service.reminder_sent)
        self.assertEqual(service.escalation_level, 0, "a paused service is not escalated")
        # Friday 10:00: the client replies to the question's e-mail; the gateway threads it to the service
        with freeze_time("2026-11-27 06:00:00"):
            self.format_and_process(
                REPLY,
                self.client.email,
                f"{self.alias_catchall}@{self.alias_domain}",
                subject="Re: თანხის გადატანა",
                extra=f"In-Reply-To: {question.message_id}\nReferences: {question.message_id}",
                target_model="telmico.service",
            )
        self.assertEqual(service.state, "in_progress")
        # waited Tuesday 10-18 (7h), Wednesday and Thursday (16h), Friday 9-10 (1h): 24 working hours
        self.assertAlmostEqual(service.waited_hours, 24.0)
        # Thursday 18:00 + 24 working hours: Friday, Monday, Tuesday 1 December 18:00 Tbilisi
        self.assertEqual(service.date_deadline, datetime(2026, 12, 1, 14, 0))
        # the charges stage ended Wednesday 18:00: now Monday 30 November 18:00
        self.assertEqual(service.current_route_line_id.date_deadline, datetime(2026, 11, 30, 14, 0))
        self.assertIn("1000000002", service.client_answer)
        answer = service.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(answer.author_id, self.client, "the answer is on the service")
        told = service.activity_ids.filtered(lambda a: a.user_id == self.clerk1).mapped("summary")
        self.assertIn(f"The client answered: {service.name}", told, "the executor hears of the answer")
        self.assertEqual(service.date_reminder, datetime(2026, 12, 1, 10, 0), "reminded before the new deadline")

    def test_sms_question_and_an_answer_by_phone(self):
        service = self._in_progress()
        self.client.preferred_channel = "sms"
        action = service.with_user(self.clerk1).action_ask_client()
        self.assertEqual(action["context"]["default_channel"], "sms", "the client's preferred channel")
        with freeze_time("2026-11-24 06:00:00"):
            self._ask(service, "sms", "გთხოვთ, გამოგვიგზავნოთ ქვითარი.")
        sms = self.env["sms.sms"].search([("partner_id", "=", self.client.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn("გამოგვიგზავნოთ ქვითარი", sms.body)
        self.assertEqual(sms.state, "outgoing", "queued for the SMS cron")
        with freeze_time("2026-11-24 08:00:00"):  # Tuesday 12:00: two working hours later, the client calls
            service.with_user(self.clerk1).action_client_answered()
        self.assertEqual(service.state, "in_progress")
        self.assertAlmostEqual(service.waited_hours, 2.0)
        self.assertEqual(service.date_deadline, datetime(2026, 11, 27, 7, 0), "Thursday 18:00 + 2h: Friday 11:00")

    def test_a_question_needs_a_way_to_the_client(self):
        service = self._in_progress()
        self.client.email = False
        with self.assertRaisesRegex(UserError, "no e-mail"):
            self._ask(service, "email")
        self.assertEqual(service.state, "in_progress", "nothing changed")
        draft = self._transfer()
        with self.assertRaises(UserError):
            draft.action_ask_client()
