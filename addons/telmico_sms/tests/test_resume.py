from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.telmico_sms_gateway import TelmicoSmsGateway
from .common import SmsGatewayCase

NUMBERS = [f"99559900000{i}" for i in range(5)]


class Killed(BaseException):
    """The sending process dying (not an ``Exception``: nothing in the sender may catch it)."""


@tagged("post_install", "-at_install", "telmico_sms")
class TestSmsResume(SmsGatewayCase):
    """The sender dies in the middle of a batch; the next run sends the rest and nobody twice.

    The queue commits before each gateway call (the claim) and after it (the results): the process is killed at one
    of these commits. What was written before it is what the database holds after the crash.
    """

    def kill_at_commit(self, number):
        commits = []
        original = TelmicoSmsGateway._commit

        def commit(gateway):
            commits.append(1)
            if len(commits) == number:
                raise Killed
            return original(gateway)

        return patch.object(TelmicoSmsGateway, "_commit", commit)

    def send_until_killed(self, sms, commit_number):
        try:
            with self.kill_at_commit(commit_number):
                self.send(sms)
        except Killed:
            return
        self.fail("the sender was not killed")

    def test_killed_between_requests(self):
        self.gateway.batch_size = 1
        sms = self.queue(*NUMBERS)
        # commits: claim 1, results 1, claim 2, results 2, ... -> dies once the results of the 2nd request are saved
        self.send_until_killed(sms, 4)
        self.assertEqual(sms.mapped("state"), ["pending"] * 2 + ["outgoing"] * 3)
        self.assertEqual(self.received(), NUMBERS[:2])
        self.send(sms)  # the next run of the queue
        self.assertEqual(sms.mapped("state"), ["pending"] * 5)
        self.assertEqual(self.received(), NUMBERS, "each number received exactly once")

    @mute_logger("odoo.addons.telmico_sms.models.sms_sms")
    def test_killed_during_a_request_is_never_resent(self):
        self.gateway.batch_size = 2
        sms = self.queue(*NUMBERS)
        # dies right after claiming the 2nd request: for all we know the gateway may have sent it
        self.send_until_killed(sms, 3)
        self.assertEqual(sms.mapped("state"), ["pending", "pending", "process", "process", "outgoing"])
        self.send(sms)
        self.assertEqual(sms[2:].mapped("state"), ["process", "process", "pending"], "claimed ones are left alone")
        self.assertEqual(self.received(), [*NUMBERS[:2], NUMBERS[4]])
        with freeze_time(fields.Datetime.now() + timedelta(hours=2)):
            self.env["sms.sms"]._process_queue()
        self.assertEqual(sms[2:4].mapped("failure_type"), ["sms_server"] * 2)
        self.assertIn("nobody receives it twice", sms[2].failure_reason)
        self.assertEqual(len(self.received()), 3, "nothing sent twice")
