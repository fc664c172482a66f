from freezegun import freeze_time

from odoo.tests import tagged

from .common import DeskCase
from .test_mail_gateway import MAIL_PLAIN


@tagged("post_install", "-at_install")
class TestNotifications(DeskCase):
    def _request(self, **values):
        return self.env["telmico.request"].create(
            {
                "subject": "ქვითარი",
                "partner_id": self.client.id,
                "channel": "portal",
                "state": "new",
                "team_id": self.team.id,
                **values,
            }
        )

    def _client_mails(self, text):
        return [mail for mail in self._mails if text in mail["subject"] and self.client.email in mail["email_to"][0]]

    # ------------------------------------------------------------ client

    def test_registration_mails_the_client_with_the_portal_link(self):
        with self.mock_mail_gateway():
            request = self._request()
            self.flush_tracking()
            self.run_mail_queue()
        mails = self._client_mails(f"{request.name}: we registered your request")
        self.assertEqual(len(mails), 1)
        self.assertIn(request.name, mails[0]["body"])
        self.assertIn(request.get_portal_url(), mails[0]["body"])
        self.assertEqual(mails[0]["headers"].get("Auto-Submitted"), "auto-replied")
        self.assertFalse(request.date_first_response, "an automatic message is no answer")

    def test_desk_registration_acknowledged_once(self):
        request = self._draft_request(subject="ტარიფი", partner_id=self.client.id)
        with self.mock_mail_gateway():
            request.action_register()
            self.flush_tracking()
            self.run_mail_queue()
        self.assertEqual(len(self._client_mails("we registered your request")), 1)
        with self.mock_mail_gateway():
            request.write({"priority": "2"})
            self.flush_tracking()
            self.run_mail_queue()
        self.assertFalse(self._mails)

    def test_status_changes_mail_the_client(self):
        request = self._request()
        self.flush_tracking()
        self.run_mail_queue()  # the acknowledgement
        with self.mock_mail_gateway():
            request.action_pending()
            self.flush_tracking()
        mails = self._client_mails("we are waiting for your answer")
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails[0]["headers"].get("Auto-Submitted"), "auto-generated")
        with self.mock_mail_gateway():
            request.action_resume()
            request.action_resolve()
            self.flush_tracking()
            self.env["mail.mail"].sudo().search([("model", "=", "telmico.request"), ("res_id", "=", request.id)]).send()
        resolved = self._client_mails("how did we do?")
        self.assertEqual(len(resolved), 1)
        self.assertIn("has been resolved", resolved[0]["body"])
        self.assertEqual(len(self._mails), 1, "one e-mail for the resolution, the rating request")
        with self.mock_mail_gateway():
            request.action_close()
            self.flush_tracking()
        self.assertEqual(len(self._client_mails("your request is closed")), 1)

    def test_team_can_switch_client_notifications_off(self):
        self.team.notify_client = False
        with self.mock_mail_gateway():
            request = self._request()
            request.action_pending()
            self.flush_tracking()
        self.assertFalse(self._mails)

    def test_client_without_email_gets_sms_when_consenting(self):
        self.client.write({"email": False, "consent_sms": False})
        with self.mock_mail_gateway():
            silent = self._request()
            self.flush_tracking()
        self.assertFalse(self._mails)
        self.assertFalse(self.env["sms.sms"].search([("partner_id", "=", self.client.id)]))
        self.client.consent_sms = True
        with self.mock_mail_gateway():
            request = self._request()
            self.flush_tracking()
        self.assertFalse(self._mails)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.client.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn(request.name, sms.body)
        self.assertNotIn(silent.name, sms.body)
        self.assertEqual(sms.state, "outgoing", "queued for the SMS cron")

    def test_email_request_acknowledged_as_automatic_reply(self):
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        acknowledge = self.env.ref("telmico_desk.ir_cron_acknowledge").sudo()
        Trigger = self.env["ir.cron.trigger"].sudo()
        triggers_before = Trigger.search([("cron_id", "in", (queue + acknowledge).ids)])
        with self.mock_mail_gateway():
            request = self.format_and_process(
                MAIL_PLAIN,
                self.client.email,
                f"support@{self.alias_domain}",
                subject="ქვითარი არ მომივიდა",
                target_model="telmico.request",
                target_field="subject",
            )
            self.flush_tracking()
        # not even rendered in the gateway's transaction (the MTA waits for it): the acknowledgement's cron is woken
        self.assertTrue(request.ack_pending)
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "telmico.request"), ("res_id", "=", request.id)]))
        self.assertTrue(Trigger.search([("cron_id", "=", acknowledge.id)]) - triggers_before, "its cron is triggered")
        with self.mock_mail_gateway():
            acknowledge.method_direct_trigger()
        self.assertFalse(request.ack_pending)
        # queued, not sent by that cron either: the mail queue's cron is woken to send it
        self.assertFalse(self._client_mails("we registered your request"))
        queued = self.assertMailMail(self.client, "outgoing", content=request.name)
        self.assertEqual(queued.model, "telmico.request")
        self.assertEqual(queued.res_id, request.id)
        self.assertIn("Auto-Submitted", queued.headers)
        self.assertTrue(Trigger.search([("cron_id", "=", queue.id)]) - triggers_before, "the queue's cron is triggered")
        with self.mock_mail_gateway():
            self.run_mail_queue()
        mails = self._client_mails("we registered your request")
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails[0]["headers"].get("Auto-Submitted"), "auto-replied")
        self.assertFalse(request.date_first_response, "the acknowledgement does not stop the response clock")
        with self.mock_mail_gateway():
            acknowledge.method_direct_trigger()
            self.run_mail_queue()
        self.assertFalse(self._mails, "acknowledged once")
        # the acknowledgement coming back (an autoresponder) makes nothing
        with self.mock_mail_gateway():
            self.format_and_process(
                MAIL_PLAIN,
                self.client.email,
                f"support@{self.alias_domain}",
                subject="Auto: we registered your request",
                target_model="telmico.request",
                target_field="subject",
                extra="Auto-Submitted: auto-replied",
            )
        self.assertFalse(self.env["telmico.request"].search([("subject", "=", "Auto: we registered your request")]))

    def test_acknowledgements_in_batches_past_a_broken_template(self):
        """The gateway's requests are acknowledged a batch at a time; a team's broken template holds back nobody."""
        broken = self.env["mail.template"].create(
            {
                "name": "გატეხილი შაბლონი",
                "model_id": self.env["ir.model"]._get_id("telmico.request"),
                "subject": "{{ object.name }}",
                "body_html": '<p><t t-out="object.no_such_field"/></p>',
            }
        )
        self.other_team.mail_template_registered_id = broken
        requests = self._request(channel="email", ack_pending=True) + self._request(
            channel="email", ack_pending=True, team_id=self.other_team.id
        )
        requests += self._request(channel="email", ack_pending=True)
        self.flush_tracking()
        self.assertFalse(
            self.env["mail.mail"].search([("res_id", "in", requests.ids), ("model", "=", "telmico.request")])
        )
        Request = self.env["telmico.request"].sudo()
        with self.assertLogs("odoo.addons.telmico_desk.models.telmico_request", level="ERROR") as logs:
            self.assertEqual(Request._cron_acknowledge(limit=2), 2)
            self.assertEqual(Request._cron_acknowledge(limit=2), 1)
        self.assertIn(requests[1].name, logs.output[0])
        self.assertEqual(Request._cron_acknowledge(limit=2), 0)
        self.assertFalse(requests.filtered("ack_pending"))
        with self.mock_mail_gateway():
            self.run_mail_queue()
        self.assertEqual(
            sorted(mail["subject"] for mail in self._client_mails("we registered your request")),
            sorted(f"{request.name}: we registered your request" for request in requests[0] + requests[2]),
        )

    def test_public_reply_reaches_the_client_follower(self):
        request = self._draft_request(subject="ტარიფი", partner_id=self.client.id)
        request.action_register()
        self.flush_tracking()
        self.assertIn(self.client, request.message_partner_ids)
        with self.mock_mail_gateway():
            request.with_user(self.agent).message_post(
                body="ტარიფი შეიცვალა 1 იანვრიდან.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertSentEmail(self.agent.partner_id, [self.client], body_content="ტარიფი შეიცვალა")

    # ------------------------------------------------------------ agents

    def test_assignment_notifies_the_agent(self):
        self.agent.notification_type = "inbox"
        request = self._request()
        request.user_id = self.agent
        notification = self.env["mail.notification"].search(
            [("res_partner_id", "=", self.agent.partner_id.id), ("mail_message_id.res_id", "=", request.id)]
        )
        self.assertEqual(len(notification), 1)
        self.assertEqual(notification.notification_type, "inbox")
        self.assertIn("You have been assigned", notification.mail_message_id.subject)

    def test_sla_risk_notifies_the_assignee(self):
        self.agent.notification_type = "inbox"
        self.env["telmico.desk.sla"].create(
            {"name": "Two hours", "sequence": 0, "response_hours": 2, "resolution_hours": 4, "warning_hours": 1}
        )
        with freeze_time("2026-06-01 05:00:00"):  # Monday 09:00 in Tbilisi
            request = self._request(user_id=self.agent.id)
        with freeze_time("2026-06-01 06:10:00"):
            self.env["telmico.request"]._cron_sla_check()
        self.assertEqual(request.sla_state, "at_risk")
        notification = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.agent.partner_id.id),
                ("mail_message_id.res_id", "=", request.id),
                ("mail_message_id.body", "ilike", "SLA at risk"),
            ]
        )
        self.assertEqual(notification.notification_type, "inbox")
