from odoo.addons.telmico_client_card.tests.common import mirror_subscribers
from odoo.tests import tagged

from .common import ApiCase


@tagged("post_install", "-at_install")
class TestApiClients(ApiCase):
    def test_search_and_read_client(self):
        found = self.call("GET", f"/clients?q={self.client.personal_number}")
        self.assertEqual(found.status_code, 200, found.text)
        self.assertEqual([item["id"] for item in found.json()["items"]], [self.client.id])
        client = self.call("GET", f"/clients/{self.client.id}").json()
        self.assertEqual(client["personal_number"], "01001012345")
        self.assertEqual([s["number"] for s in client["subscribers"]], [self.subscriber.number])
        self.assertEqual(self.call("GET", "/clients?q=ბერიძე").json()["items"][0]["id"], self.client.id)
        self.assertError(self.call("GET", "/clients/999999999"), 404, "not_found")
        self.assertError(self.call("GET", "/clients?q=x"), 400, "validation_error", "query.q")

    def test_read_subscriber(self):
        (subscriber,) = mirror_subscribers(self.env, (5, {"number": "2000000099"}))
        self.assertTrue(subscriber.payment_ids and subscriber.receipt_ids, "the demo world's billing history")
        response = self.call("GET", f"/subscribers/{subscriber.number}")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["debt"], subscriber.debt)
        self.assertEqual((data["balance"], data["address"]), (subscriber.balance, subscriber.address))
        self.assertEqual([p["amount"] for p in data["payments"]], subscriber.payment_ids[:5].mapped("amount"))
        self.assertEqual([r["number"] for r in data["receipts"]], subscriber.receipt_ids[:5].mapped("number"))
        self.assertError(self.call("GET", "/subscribers/0000"), 404, "not_found")
