from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GIORGI, SECRET, STRANGER, CallcenterCase


@tagged("post_install", "-at_install", "telmico_callcenter")
class TestLookup(CallcenterCase):
    """The platform asks who calls: clients, subscribers, debt, open requests and the card's URL."""

    def test_lookup_client(self):
        request = self.env["telmico.request"].create(
            {"partner_id": self.client.id, "channel": "phone", "state": "new", "subject": "შუქი არ არის"}
        )
        for method in ("GET", "POST"):
            with self.subTest(method=method):
                status, answer = self.sim.lookup("599 12-34-56", method=method)
                self.assertEqual(status, 200)
                self.assertEqual(answer["number"], GIORGI)
                (client,) = answer["clients"]
                self.assertEqual(
                    (client["id"], client["name"], client["debt"]), (self.client.id, "გიორგი ბერიძე", 45.2)
                )
                self.assertEqual(client["subscribers"][0]["number"], "2000000101")
                self.assertEqual(client["open_requests"][0]["name"], request.name)
                self.assertTrue(client["card_url"].endswith(f"/odoo/res.partner/{self.client.id}"))

    def test_lookup_several_unknown_withheld_invalid(self):
        self.assertEqual(len(self.sim.lookup("+995 577 00 01 11")[1]["clients"]), 2)
        self.assertEqual(self.sim.lookup(STRANGER), (200, {"number": STRANGER, "clients": []}))
        self.assertEqual(self.sim.lookup("anonymous")[1], {"number": None, "withheld": True, "clients": []})
        status, answer = self.sim.lookup("12")
        self.assertEqual((status, answer["error"]), (400, "invalid_fields"))
        status, answer = self.sim.lookup("", method="POST")
        self.assertEqual((status, answer["error"]), (400, "missing_fields"))

    @mute_logger("odoo.addons.telmico_callcenter.controllers.callcenter")
    def test_lookup_signed(self):
        status, answer = self.sim.lookup(GIORGI, secret=SECRET + "x")
        self.assertEqual((status, answer["reason"]), (401, "signature_mismatch"))
        # a signature of another number's query does not answer for this one
        self.assertEqual(self.sim.lookup(GIORGI, timestamp=1)[1]["reason"], "stale_timestamp")
