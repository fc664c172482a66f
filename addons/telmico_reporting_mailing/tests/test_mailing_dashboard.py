import base64
import json

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMailingDashboard(TransactionCase):
    """A known set of mailing traces and the delivery figures by channel a reporting manager reads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="rep_ml_manager", groups="telmico_reporting.group_reporting_manager", name="მენეჯერი"
        )
        client = cls.env["res.partner"].create({"name": "ნინო ბერიძე", "email": "nino@example.ge"})
        Message = cls.env["telmico.mailing.message"]
        read, unread = Message.create(
            [
                {"name": "გრაფიკი", "partner_id": client.id, "is_read": True},
                {"name": "გრაფიკი", "partner_id": client.id},
            ]
        )

        def trace(kind, status, **values):
            return {"model": "res.partner", "res_id": client.id, "trace_type": kind, "trace_status": status, **values}

        cls.env["mailing.trace"].create(
            [
                trace("mail", "sent"),
                trace("mail", "open"),
                trace("mail", "bounce", failure_type="mail_bounce"),
                trace("mail", "outgoing"),  # queued: not sent yet
                trace("sms", "pending", sms_number="+995599123456"),  # sent, no delivery report yet
                trace("sms", "sent", sms_number="+995599123456"),
                trace("sms", "error", sms_number="+995599123456", failure_type="sms_number_format"),
                trace("mail", "sent", cabinet_message_id=read.id),
                trace("mail", "sent", cabinet_message_id=unread.id),
            ]
        )
        cls.env.flush_all()

    def _pivot(self, name):
        dashboard = self.env.ref("telmico_reporting_mailing.spreadsheet_dashboard_mailing")
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        return next(pivot for pivot in data["pivots"].values() if pivot["name"] == name)

    def _figures(self, name):
        pivot = self._pivot(name)
        rows = [row["fieldName"] for row in pivot["rows"]]
        measures = [f"{m['fieldName']}:sum" for m in pivot["measures"]]
        groups = self.env[pivot["model"]].with_user(self.manager)._read_group(pivot["domain"], rows, measures)
        return {group[: len(rows)]: group[len(rows) :] for group in groups}

    def test_delivery_by_channel(self):
        measures = [m["fieldName"] for m in self._pivot("Mailing delivery by channel")["measures"]]
        self.assertEqual(measures, ["message_count", "sent_count", "delivered_count", "failed_count", "opened_count"])
        self.assertEqual(
            self._figures("Mailing delivery by channel"),
            {
                ("email",): (4, 3, 2, 1, 1),
                ("sms",): (3, 2, 1, 1, 0),
                ("cabinet",): (2, 2, 2, 0, 1),
            },
        )
        self.assertEqual(self._figures("Mailing delivery: totals"), {(): (9, 7, 5, 2, 2)})

    def test_for_reporting_managers_only(self):
        agent = new_test_user(self.env, login="rep_ml_agent", groups="telmico_desk.group_desk_user")
        dashboard = self.env.ref("telmico_reporting_mailing.spreadsheet_dashboard_mailing")
        self.assertNotIn(dashboard, self.env["spreadsheet.dashboard"].with_user(agent).search([]))
        self.assertIn(dashboard, self.env["spreadsheet.dashboard"].with_user(self.manager).search([]))
