from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import SmsGatewayCase

GIORGI, NINO, DAVIT = "995599123456", "995577001122", "995555000111"


@tagged("post_install", "-at_install", "telmico_sms")
class TestReportPolling(SmsGatewayCase):
    """smsoffice offers its delivery reports to be fetched: the cron asks the simulator for those still missing."""

    def setUp(self):
        super().setUp()
        self.sim.report_polls.clear()
        self.sim.reports_unknown_yet.clear()
        self.sim.report_status.clear()
        self.gateway.batch_size = 1  # one request, hence one reference, per SMS: the polls are batched by 1

    def sent(self):
        sms = self.send(self.queue(GIORGI, NINO, DAVIT))
        self.assertEqual(sms.mapped("state"), ["pending"] * 3)
        self.assertEqual(len(set(sms.mapped("gateway_reference"))), 3)
        return sms

    def poll(self):
        """What the cron does (its job, not committing in tests)."""
        self.env.ref("telmico_sms.ir_cron_sms_poll_reports").method_direct_trigger()
        self.env.invalidate_all()

    def test_statuses_fetched_per_message_and_applied_once(self):
        self.gateway.batch_size = 2
        giorgi, nino, davit = self.send(self.queue(GIORGI)) | self.send(self.queue(NINO)) | self.send(self.queue(DAVIT))
        self.sim.report_status[NINO] = "not_delivered"
        self.sim.reports_unknown_yet.add(DAVIT)
        self.poll()
        self.assertEqual(
            self.sim.report_polls,
            [(giorgi.gateway_reference, GIORGI), (nino.gateway_reference, NINO), (davit.gateway_reference, DAVIT)],
            "one question per SMS waiting: the reference we gave and the number",
        )
        self.assertEqual(giorgi.state, "sent", "Delivered")
        self.assertEqual((nino.state, nino.failure_type), ("error", "sms_not_delivered"))
        self.assertEqual(davit.state, "pending", "not known yet: still waiting")
        self.assertTrue(davit.report_checked_at)
        # the next run asks only for what is still pending, and applies nothing twice
        self.sim.report_polls.clear()
        self.sim.reports_unknown_yet.clear()
        self.poll()
        self.assertEqual(self.sim.report_polls, [(davit.gateway_reference, DAVIT)])
        self.assertEqual(davit.state, "sent")
        self.assertEqual((nino.state, nino.failure_type), ("error", "sms_not_delivered"))
        self.sim.report_polls.clear()
        self.poll()
        self.assertEqual(self.sim.report_polls, [], "nothing left to ask")

    def test_references_fit_the_gateway(self):
        """smsoffice keeps 20 characters of a reference: a longer one could never be asked about."""
        self.sim.errors_by_number[NINO] = 10  # the request is refused for Nino's number: each is resent alone
        sms = self.send(self.queue(GIORGI, DAVIT, NINO))
        references = sms.mapped("gateway_reference")
        self.assertTrue(all(len(reference) == 20 for reference in references if reference), references)
        self.assertEqual(len(set(references)), 3, "a number resent alone has its own reference")
        self.poll()
        self.assertEqual(sms.mapped("state"), ["sent", "sent", "error"], "the status of each one sent was found")

    def test_unknown_message_and_unknown_status_keep_waiting(self):
        sms = self.sent()
        sms[0].gateway_reference = "0" * 20  # a message the gateway does not know
        self.sim.report_status[NINO] = "Queued at the operator"  # a status we do not know
        with self.assertLogs("odoo.addons.telmico_sms.tools.gateway_api", "WARNING") as logs:
            self.poll()
        self.assertIn("unknown delivery status 'Queued at the operator'", logs.output[0])
        self.assertEqual(len(self.sim.report_polls), 3, "the run goes on after a message the gateway does not know")
        self.assertEqual(sms.mapped("state"), ["pending", "pending", "sent"])

    def test_notification_and_chatter_follow(self):
        self.client._message_sms(body="Telmico: test")
        sms = self.env["sms.sms"].search([("partner_id", "=", self.client.id)])
        sms.send(unlink_sent=False)
        notification = sms.mail_message_id.notification_ids
        self.assertEqual(notification.notification_status, "pending")
        self.poll()
        self.assertEqual(sms.state, "sent", "Delivered")
        self.assertEqual(notification.notification_status, "sent", "the chatter's notification follows")

    def test_gateway_faults_apply_nothing_and_retry_next_run(self):
        sms = self.sent()
        for fault in ("fail", "drop", "key"):
            with self.subTest(fault=fault):
                self.sim.report_polls.clear()
                if fault == "fail":
                    self.sim.fail_next(1, path="/api/v2/getMessageStatus")
                elif fault == "drop":
                    self.sim.drop_next(1, path="/api/v2/getMessageStatus")
                else:
                    self.sim.key = "another key"
                with self.assertLogs("odoo.addons.telmico_sms.models.sms_sms", "WARNING") as logs:
                    self.poll()
                self.assertIn("delivery reports not fetched", logs.output[0])
                self.assertEqual(sms.mapped("state"), ["pending"] * 3, "nothing applied")
                self.assertLessEqual(len(self.sim.report_polls), 1, "the run stops at the first failure")
        self.sim.key = self.gateway.api_key
        self.poll()
        self.assertEqual(sms.mapped("state"), ["sent"] * 3, "the next run fetches them")

    def test_only_recent_pending_sms_of_polling_gateways(self):
        sms = self.sent()
        self.gateway.report_polling = False
        self.poll()
        self.assertEqual(self.sim.report_polls, [], "the gateway's reports are not fetched")
        self.gateway.report_polling = True
        with freeze_time(fields.Datetime.now() + timedelta(days=3)):
            self.poll()
        self.assertEqual(self.sim.report_polls, [], "too old: the report will not come any more")
        self.gateway.provider = "json"
        self.poll()
        self.assertEqual(self.sim.report_polls, [], "the generic JSON gateway posts its reports, never fetched")
        self.assertEqual(sms.mapped("state"), ["pending"] * 3)
