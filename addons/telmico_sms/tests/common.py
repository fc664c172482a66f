from datetime import timedelta

from odoo.tests import TransactionCase, new_test_user
from simulators.sms import SmsSimulator

KEY = "sms-test-key-" + "k" * 24
REPORT_SECRET = "report-secret-" + "s" * 30


def make_gateway(env, simulator, **values):
    """A default gateway on ``simulator`` with a default sender "Telmico" (no throttling, fast retries)."""
    gateway = env["telmico.sms.gateway"].create(
        {
            "name": "Simulator",
            "provider": "smsoffice",
            "base_url": simulator.url,
            "api_key": KEY,
            "report_secret": REPORT_SECRET,
            "is_default": True,
            "rate_limit": 0,
            "max_tries": 3,
            "retry_delay": 60,
            "timeout": 5,
            **values,
        }
    )
    env["telmico.sms.sender"].create({"name": "Telmico", "gateway_id": gateway.id, "is_default": True})
    return gateway


class SmsGatewayCase(TransactionCase):
    """A gateway on a running simulator (smsoffice API) and a client with a Georgian mobile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, no_reset_password=True))
        cls.sim = SmsSimulator(key=KEY, senders={"Telmico", "TelmicoInfo", "TelmicoAds"}).start()
        cls.addClassCleanup(cls.sim.stop)
        cls.env["telmico.sms.gateway"].search([]).is_default = False
        cls.gateway = make_gateway(cls.env, cls.sim)
        cls.client = cls.env["res.partner"].create({"name": "გიორგი ბერიძე", "mobile": "+995 599 12 34 56"})
        cls.agent = new_test_user(cls.env, login="sms_agent", groups="base.group_user")

    def setUp(self):
        super().setUp()
        self.sim.messages.clear()
        self.sim.requests.clear()
        self.sim.next_codes.clear()
        self.sim.errors_by_number.clear()
        self.sim.pending_reports.clear()
        self.sim.clear_faults()

    def queue(self, *numbers, body="Telmico: test"):
        Sms = self.env["sms.sms"]
        return Sms.concat(*(Sms.create({"number": number, "body": body}) for number in numbers))

    def send(self, sms):
        """What the queue's cron does (without committing: tests never commit)."""
        sms.send(unlink_sent=False)
        return sms

    def received(self):
        """Destinations of the SMS the simulator accepted, in order."""
        return [message["destination"] for message in self.sim.messages]

    @staticmethod
    def later(sms, seconds=0):
        """A moment just after ``sms`` may be tried again."""
        return sms.next_try_at + timedelta(seconds=seconds + 1)
