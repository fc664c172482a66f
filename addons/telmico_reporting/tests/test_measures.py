from odoo.addons.telmico_reporting.hooks import MEASURES, _backfill_work_hours, pre_init_hook
from odoo.tests import tagged
from odoo.tools import SQL

from .common import ReportingCase


@tagged("post_install", "-at_install")
class TestMeasures(ReportingCase):
    def test_durations_over_working_hours(self):
        """Durations count the calendar's working hours, the public holiday of 3 March skipped."""
        email, call = self.email_request, self.urgent_call
        self.assertAlmostEqual(email.response_hours, 41.0)
        self.assertAlmostEqual(email.response_work_hours, 2.0)  # Mon 17–18, (Tue holiday), Wed 9–10
        self.assertAlmostEqual(email.resolution_hours, 46.0)
        self.assertAlmostEqual(email.resolution_work_hours, 6.0)  # Mon 17–18, Wed 9–13 and 14–15
        self.assertEqual(call.response_hours, 0.0)  # answered on the line
        self.assertAlmostEqual(call.resolution_hours, 50.0)
        self.assertAlmostEqual(call.resolution_work_hours, 10.0)  # Mon 10–13 and 14–18, Wed 9–12
        self.assertEqual(self.open_request.resolution_work_hours, 0.0)

    def test_sla_compliance(self):
        """One SLA met, one breached (the urgent call), one undecided: the SLA compliance is 50 %."""
        self.assertEqual((self.email_request.sla_state, self.urgent_call.sla_state), ("met", "breached"))
        self.assertEqual((self.email_request.sla_compliance, self.urgent_call.sla_compliance), (100.0, 0.0))
        requests = self.email_request | self.urgent_call | self.open_request
        [(compliance,)] = self.env["telmico.request"]._read_group(
            [("id", "in", requests.ids), ("sla_state", "in", ("met", "breached"))], [], ["sla_compliance:avg"]
        )
        self.assertEqual(compliance, 50.0)
        [(resolution,)] = self.env["telmico.request"]._read_group(
            [("id", "in", requests.ids), ("state", "in", ("resolved", "closed"))], [], ["resolution_work_hours:avg"]
        )
        self.assertAlmostEqual(resolution, 8.0)

    def test_reopened_request_loses_its_resolution(self):
        self.email_request.write({"state": "in_progress"})
        self.assertEqual(self.email_request.resolution_work_hours, 0.0)
        self.assertEqual(self.email_request.response_work_hours, 2.0)

    def test_backfill_on_install(self):
        """The installation on a database full of requests counts the same measures in SQL and batches."""
        requests = self.email_request | self.urgent_call | self.open_request
        expected = requests.read(list(MEASURES))
        self.env.cr.execute(
            SQL(
                "UPDATE telmico_request SET %s WHERE id = ANY(%s)",
                SQL(", ").join(SQL("%s = NULL", SQL.identifier(column)) for column in MEASURES),
                requests.ids,
            )
        )
        pre_init_hook(self.env)
        _backfill_work_hours(self.env)
        requests.invalidate_recordset()
        self.assertEqual(requests.read(list(MEASURES)), expected)
