import base64
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ReportingCase, read_xlsx


@tagged("post_install", "-at_install")
class TestReports(ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Daily._refresh()

    def _wizard(self, user=None, **values):
        return (
            self.env["telmico.reporting.wizard"]
            .with_user(user or self.manager)
            .create({"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31), **values})
        )

    def test_sla_report_in_excel(self):
        wizard = self._wizard(report_type="sla")
        action = wizard.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        self.assertTrue(attachment.name.endswith(".xlsx"))
        rows = read_xlsx(base64.b64decode(attachment.datas))
        self.assertEqual(rows[1]["A"], "SLA compliance")
        self.assertEqual(rows[2]["A"], "2026-03-01 — 2026-03-31")
        header = rows[4]
        self.assertEqual([header[c] for c in "ABCDEFGHI"][:3], ["Team", "Created", "Resolved"])
        self.assertEqual(header["I"], "SLA %")
        by_team = {row["A"]: row for number, row in rows.items() if number > 4}
        support = by_team[self.team.name]
        self.assertEqual((support["B"], support["C"], support["D"]), (2.0, 2.0, 2.0))
        self.assertEqual(support["F"], 8.0)  # average resolution: (6 + 10) / 2 working hours
        self.assertEqual((support["G"], support["H"], support["I"]), (1.0, 1.0, 50.0))
        self.assertEqual(by_team[self.other_team.name]["B"], 1.0)
        self.assertNotIn("I", by_team[self.other_team.name])  # no SLA decided: empty, not 0 %

    def test_team_leader_report_has_the_teams_led(self):
        rows = read_xlsx(
            self._wizard(user=self.leader, report_type="sla")._export("xlsx", date(2026, 3, 1), date(2026, 3, 31))[1]
        )
        self.assertEqual([row["A"] for number, row in rows.items() if number > 4], [self.team.name])

    def test_daily_operations_and_agents(self):
        table = self._wizard(report_type="daily_operations")._report_table(date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual([row[:4] for row in table["rows"]], [["2026-03-02", 3, 0, 2], ["2026-03-04", 0, 2, 0]])
        table = self._wizard(report_type="agent_performance", team_ids=[(6, 0, self.team.ids)])._report_table(
            date(2026, 3, 1), date(2026, 3, 31)
        )
        agents = {row[0]: row for row in table["rows"]}
        self.assertEqual(set(agents), {self.agent.name, self.agent2.name})
        self.assertEqual(agents[self.agent.name][5], 6.0)
        self.assertEqual(agents[self.agent2.name][6], 0.0)

    def test_complaints_register_with_statutory_deadline(self):
        complaint_category = self.env.ref("telmico_desk.category_complaint")
        with freeze_time("2026-03-02 06:00:00"):
            complaint = self._request(subject="Wrong bill", category_id=complaint_category.id)
        self.assertEqual(complaint.sla_id, self.env.ref("telmico_desk.sla_complaint"))
        table = self._wizard(report_type="complaints")._report_table(date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual([row[0] for row in table["rows"]], [complaint.name])
        self.assertEqual(table["rows"][0][7], complaint.sla_resolution_deadline)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "telmico_reporting.action_report_telmico_reporting", self._wizard(report_type="complaints").ids
            )[0]
            .decode()
        )
        self.assertIn("Complaints register", html)
        self.assertIn(complaint.name, html)
        self.assertIn("Wrong bill", html)

    def test_services_overdue_register(self):
        """The services whose deadline fell in the period and were not completed by it: open or completed late,
        with their days overdue; those completed in time, drafts and cancelled ones are left out."""
        Service = self.env["telmico.service"]
        metering = self.env["telmico.service.department"].create({"name": "აღრიცხვა"})
        deadline = datetime(2026, 3, 10, 8, 0)

        def service(state, closed=None, department=metering, due=deadline):
            record = Service.create({"template_id": self.tpl_receipt.id, "partner_id": self.client.id})
            record.write({"state": state, "department_id": department.id, "date_deadline": due, "date_closed": closed})
            return record

        late = service("closed", closed=deadline + timedelta(days=2, hours=12))
        service("closed", closed=deadline - timedelta(hours=1))  # in time
        still_open = service("in_progress", department=self.env["telmico.service.department"])
        service("draft")
        service("cancelled")
        service("in_progress", due=datetime(2026, 4, 2, 8, 0))  # due after the period
        with freeze_time("2026-03-20 08:00:00"):
            table = self._wizard(report_type="services_overdue")._report_table(date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual(
            [(row[0], row[1], row[3], row[6], row[7], row[8]) for row in table["rows"]],
            [
                ("აღრიცხვა", late.name, self.client.name, late.date_closed, "Completed", 2.5),
                ("No department", still_open.name, self.client.name, None, "In progress", 10.0),
            ],
        )
        self.assertEqual(table["rows"][0][2], self.tpl_receipt.name)
        self.assertEqual(table["rows"][0][5], deadline)
        table = self._wizard(report_type="services_overdue", department_id=metering.id)._report_table(
            date(2026, 3, 1), date(2026, 3, 31)
        )
        self.assertEqual([row[1] for row in table["rows"]], [late.name])

    def test_agent_performance_with_csat(self):
        tokens = {request: request._rating_get_access_token() for request in self.email_request | self.urgent_call}
        self.email_request.rating_apply(5, token=tokens[self.email_request])
        self.urgent_call.rating_apply(1, token=tokens[self.urgent_call])
        self.Daily._cron_refresh()
        table = self._wizard(report_type="agent_performance")._report_table(date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual([label for label, _kind in table["columns"][-3:]], ["Rated", "Avg rating (1-5)", "CSAT %"])
        agents = {row[0]: row[-3:] for row in table["rows"]}
        self.assertEqual(agents[self.agent.name], [1, 5.0, 100.0])
        self.assertEqual(agents[self.agent2.name], [1, 1.0, 0.0])
        self.assertEqual(agents[self.outsider.name], [0, None, None])  # nothing resolved, nothing rated

    def test_period_must_be_in_order(self):
        with self.assertRaises(ValidationError):
            self._wizard(date_from=date(2026, 3, 31), date_to=date(2026, 3, 1))

    def test_scheduled_report_is_sent(self):
        recipient = self.env["res.partner"].create({"name": "დირექტორი", "email": "director@telmico.ge"})
        schedule = (
            self.env["telmico.reporting.schedule"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Weekly SLA",
                    "report_type": "sla",
                    "frequency": "weekly",
                    "file_format": "xlsx",
                    "recipient_ids": [(6, 0, recipient.ids)],
                    "next_date": date(2026, 3, 9),
                }
            )
        )
        with freeze_time("2026-03-09 05:00:00"):
            self.env["telmico.reporting.schedule"]._cron_send()
        mail = self.env["mail.mail"].search([("model", "=", schedule._name), ("res_id", "=", schedule.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, recipient)
        self.assertEqual(mail.attachment_ids.name, "SLA compliance 2026-03-02 2026-03-08.xlsx")
        rows = read_xlsx(base64.b64decode(mail.attachment_ids.datas))
        self.assertEqual(rows[5]["A"], self.team.name)
        self.assertEqual(rows[5]["I"], 50.0)
        self.assertEqual(schedule.next_date, date(2026, 3, 16))
        with freeze_time("2026-03-10 05:00:00"):
            self.env["telmico.reporting.schedule"]._cron_send()
        self.assertEqual(
            self.env["mail.mail"].search_count([("res_id", "=", schedule.id), ("model", "=", schedule._name)]), 1
        )

    def test_recipient_needs_an_email(self):
        with self.assertRaises(ValidationError):
            self.env["telmico.reporting.schedule"].create(
                {"name": "X", "recipient_ids": [(0, 0, {"name": "ელფოსტის გარეშე"})]}
            )
