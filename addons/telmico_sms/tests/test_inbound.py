import json

from odoo.tests import HttpCase, tagged
from simulators.sms import SmsSimulator

from ..controllers.report import sign
from .common import KEY, REPORT_SECRET, make_gateway

GIORGI, NINO = "995599123456", "995577001122"


@tagged("post_install", "-at_install", "telmico_sms")
class TestSmsOptOut(HttpCase):
    """SMS STOP: a customer's STOP (incoming SMS from the gateway) or the gateway's stop list puts the number on
    Odoo's SMS blacklist; START takes it off; forged or malformed incoming SMS are refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sim = SmsSimulator(key=KEY, callback_secret=REPORT_SECRET).start()
        cls.addClassCleanup(cls.sim.stop)
        cls.env["telmico.sms.gateway"].search([]).is_default = False
        cls.gateway = make_gateway(cls.env, cls.sim)
        cls.nino = cls.env["res.partner"].create({"name": "ნინო კაპანაძე", "mobile": "+995577001122"})

    def setUp(self):
        super().setUp()
        self.sim.callback_url = f"{self.base_url()}/telmico_sms/report/{self.gateway.id}"
        self.sim.stop_list.clear()
        self.sim.inbound_sent.clear()

    def receive(self, number, text):
        self.env.flush_all()
        status = self.sim.receive(number, text)
        self.env.invalidate_all()
        return status, json.loads(self.sim.inbound_sent[-1][1])

    def blacklisted(self, number):
        return bool(self.env["phone.blacklist"].search([("number", "=", f"+{number}")]))

    def test_stop_then_start(self):
        self.assertEqual(self.receive(NINO, " სტოპ "), (200, {"stopped": 1, "started": 0, "ignored": 0}))
        self.assertTrue(self.blacklisted(NINO))
        self.assertTrue(self.nino.phone_sanitized_blacklisted)
        self.assertIn("receive no more SMS", self.nino.message_ids[0].body)
        self.assertEqual(self.receive(NINO, "Start"), (200, {"stopped": 0, "started": 1, "ignored": 0}))
        self.assertFalse(self.blacklisted(NINO))
        self.assertEqual(self.receive(GIORGI, "გმადლობთ!")[1], {"stopped": 0, "started": 0, "ignored": 1})
        self.assertFalse(self.blacklisted(GIORGI))

    def test_stop_listed_by_the_gateway(self):
        """The gateway refuses a number its customer stop-listed (smsoffice 75): Odoo learns it too."""
        self.sim.stop_list.add(NINO)
        sms = self.env["sms.sms"].create([{"number": GIORGI, "body": "a"}, {"number": NINO, "body": "a"}])
        sms.send(unlink_sent=False)
        self.assertEqual(sms.mapped("state"), ["pending", "error"])
        self.assertTrue(self.blacklisted(NINO))
        self.assertFalse(self.blacklisted(GIORGI))

    def post(self, body, secret=REPORT_SECRET):
        body = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "X-Telmico-Signature": sign(secret, body)}
        return self.url_open(f"/telmico_sms/inbound/{self.gateway.id}", data=body, headers=headers)

    def test_forged_and_malformed_refused(self):
        stop = {"messages": [{"from": NINO, "text": "STOP"}]}
        self.assertEqual(self.post(stop, secret="w" * 40).status_code, 401)
        for bad in (
            b"not json",
            b"\xff\xfe",
            {"messages": []},
            {"messages": [{"from": "+995577001122", "text": "STOP"}]},
            {"messages": [{"from": NINO, "text": 7}]},
            {"messages": [{"from": NINO, "text": "x" * 1601}]},
        ):
            response = self.post(bad)
            self.assertEqual(response.status_code, 400, bad)
            self.assertIn("error", response.json())
        self.assertFalse(self.blacklisted(NINO), "nothing applied")
        self.assertEqual(self.post(stop).status_code, 200)
        self.assertTrue(self.blacklisted(NINO))
