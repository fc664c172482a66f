import json

from odoo.tests import HttpCase, tagged
from simulators.sms import SmsSimulator

from ..controllers.report import sign
from .common import KEY, REPORT_SECRET, make_gateway

GIORGI, NINO = "995599123456", "995577001122"


@tagged("post_install", "-at_install", "telmico_sms")
class TestDeliveryReports(HttpCase):
    """The simulator posts its delivery reports to Odoo's endpoint; forged or malformed ones are refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sim = SmsSimulator(key=KEY, callback_secret=REPORT_SECRET).start()
        cls.addClassCleanup(cls.sim.stop)
        cls.env["telmico.sms.gateway"].search([]).is_default = False
        cls.gateway = make_gateway(cls.env, cls.sim)
        cls.client = cls.env["res.partner"].create({"name": "ნინო კაპანაძე", "mobile": "+995577001122"})

    def setUp(self):
        super().setUp()
        self.sim.callback_url = f"{self.base_url()}/telmico_sms/report/{self.gateway.id}"
        self.sim.pending_reports.clear()
        self.sim.reports_sent.clear()

    def post(self, body, secret=REPORT_SECRET, gateway=None):
        body = body if isinstance(body, bytes) else json.dumps(body).encode()
        url = f"/telmico_sms/report/{(gateway or self.gateway).id}"
        headers = {"Content-Type": "application/json", "X-Telmico-Signature": sign(secret, body)}
        return self.url_open(url, data=body, headers=headers)

    def send_reports(self):
        """The simulator posts its reports to the test server (which shares the test's cursor)."""
        self.env.flush_all()
        status = self.sim.send_reports()
        self.env.invalidate_all()
        return status

    def sent_sms(self):
        sms = self.env["sms.sms"].create([{"number": GIORGI, "body": "a"}, {"number": NINO, "body": "a"}])
        sms.send(unlink_sent=False)
        self.assertEqual(sms.mapped("state"), ["pending", "pending"])
        return sms

    def test_delivered_and_not_delivered(self):
        self.sim.report_status[NINO] = "not_delivered"
        self.addCleanup(self.sim.report_status.clear)
        giorgi, nino = self.sent_sms()
        self.assertEqual(self.send_reports(), 200, self.sim.reports_sent)
        self.assertEqual(json.loads(self.sim.reports_sent[0][1]), {"updated": 2, "unknown": []})
        self.assertEqual(giorgi.state, "sent", "Delivered")
        self.assertEqual((nino.state, nino.failure_type), ("error", "sms_not_delivered"))

    def test_report_of_a_number_resent_alone(self):
        """smsoffice refuses a whole request for one stop-listed number: the others, resent alone, get reports too."""
        self.sim.stop_list.add(NINO)
        self.addCleanup(self.sim.stop_list.clear)
        sms = self.env["sms.sms"].create([{"number": GIORGI, "body": "a"}, {"number": NINO, "body": "a"}])
        sms.send(unlink_sent=False)
        self.assertEqual(sms.mapped("state"), ["pending", "error"])
        self.assertEqual(self.send_reports(), 200, self.sim.reports_sent)
        self.assertEqual(sms[0].state, "sent")

    def test_report_updates_the_chatter_notification(self):
        self.client._message_sms("გამარჯობა", partner_ids=self.client.ids)
        notification = self.env["mail.notification"].search([("res_partner_id", "=", self.client.id)])
        self.assertEqual(notification.notification_status, "pending")
        self.assertEqual(self.send_reports(), 200)
        self.assertEqual(notification.notification_status, "sent")

    def test_bad_signature_refused(self):
        giorgi, _nino = self.sent_sms()
        body = {"reports": [{"reference": giorgi.gateway_reference, "destination": GIORGI, "status": "delivered"}]}
        for secret in ("wrong-secret-" + "w" * 30, ""):
            response = self.post(body, secret=secret)
            self.assertEqual(response.status_code, 401)
            self.assertEqual(response.json(), {"error": "invalid signature"})
        response = self.url_open(f"/telmico_sms/report/{self.gateway.id}", data=json.dumps(body))
        self.assertEqual(response.status_code, 401, "unsigned")
        self.assertEqual(giorgi.state, "pending", "nothing changed")
        self.assertEqual(self.post(body).status_code, 200)
        self.assertEqual(giorgi.state, "sent")

    def test_unknown_message(self):
        giorgi, _nino = self.sent_sms()
        body = {"reports": [{"reference": "0" * 32, "destination": GIORGI, "status": "delivered"}]}
        response = self.post(body)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["unknown"], [{"reference": "0" * 32, "destination": GIORGI}])
        # a known one beside an unknown one: applied, the other listed
        body["reports"].append({"reference": giorgi.gateway_reference, "destination": GIORGI, "status": "expired"})
        response = self.post(body)
        self.assertEqual((response.status_code, response.json()["updated"]), (200, 1))
        self.assertEqual(giorgi.failure_type, "sms_expired")

    def test_malformed_reports(self):
        giorgi, _nino = self.sent_sms()
        good = {"reference": giorgi.gateway_reference, "destination": GIORGI, "status": "delivered"}
        cases = [
            b"{not json",
            b"\xff\xfe",
            {"reports": []},
            {"reports": "delivered"},
            [good],
            {"reports": [dict(good, status="read")]},
            {"reports": [dict(good, destination="+995599123456")]},
            {"reports": [dict(good, reference="x'; DROP TABLE sms_sms; --")]},
            {"reports": [good, 42]},
        ]
        for body in cases:
            with self.subTest(body=body):
                response = self.post(body)
                self.assertEqual(response.status_code, 400)
                self.assertIn("error", response.json())
        self.assertEqual(giorgi.state, "pending", "nothing half-applied")
