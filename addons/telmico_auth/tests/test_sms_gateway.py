import re

from odoo.addons.telmico_sms.tests.common import make_gateway
from odoo.tests import tagged
from simulators.sms import SmsSimulator

from .common import TelmicoAuthHttpCase


@tagged("post_install", "-at_install")
class TestRegistrationCodeBySms(TelmicoAuthHttpCase):
    """The registration code really leaves through the SMS gateway (telmico_sms), never through Odoo's IAP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sim = SmsSimulator().start()
        cls.addClassCleanup(cls.sim.stop)
        cls.env["telmico.sms.gateway"].search([]).is_default = False
        make_gateway(cls.env, cls.sim)

    def test_code_reaches_the_gateway_and_opens_the_cabinet(self):
        self.visitor()
        self.request_code("01024053111")
        self.env["sms.sms"].sudo()._process_queue()  # what the SMS queue's cron (triggered by the request) does
        self.assertEqual([m["destination"] for m in self.sim.messages], ["995599123456"])
        text = self.sim.messages[0]["content"]
        self.assertIn("Telmico", text)
        code = re.search(r"\b(\d{6})\b", text).group(1)
        done = self.confirm(code)
        self.assertTrue(done.url.endswith("/my"), done.url)
