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

    def test_create_person_and_company(self):
        body = {
            "first_name": "მარიამ",
            "last_name": "გელაშვილი",
            "personal_number": "01001055555",
            "mobile": "599 55 55 55",
            "email": "mariam@example.ge",
        }
        response = self.call("POST", "/clients", body=body, headers={"Idempotency-Key": "client-1"})
        self.assertEqual(response.status_code, 201, response.text)
        partner = self.env["res.partner"].browse(response.json()["id"])
        self.assertTrue(partner.is_client)
        self.assertEqual((partner.first_name, partner.personal_number), ("მარიამ", "01001055555"))
        self.assertEqual(partner.mobile, "+995599555555", "phones are kept as on the card")
        replay = self.call("POST", "/clients", body=body, headers={"Idempotency-Key": "client-1"})
        self.assertEqual((replay.status_code, replay.json()["id"]), (201, partner.id))
        self.assertError(self.call("POST", "/clients", body=body), 409, "conflict", str(partner.id))
        company = self.call(
            "POST", "/clients", body={"is_company": True, "name": "შპს ნათება", "company_registry": "204555666"}
        )
        self.assertEqual(company.status_code, 201, company.text)
        self.assertTrue(company.json()["is_company"])
        self.assertError(
            self.call("POST", "/clients", body={"is_company": True, "name": "სხვა", "company_registry": "204555666"}),
            409,
            "conflict",
        )

    def test_create_client_bad_input(self):
        count = self.env["res.partner"].search_count([])
        person = {"first_name": "ა", "last_name": "ბ"}
        cases = [
            ({**person, "nickname": "x"}, "body.nickname"),
            ({**person, "personal_number": "123"}, "body.personal_number"),
            ({**person, "is_company": "maybe"}, "body.is_company"),
            ({"first_name": "ა"}, "last_name"),
            ({"is_company": True, "name": "შპს"}, "company_registry"),
            ({**person, "company_registry": "204555666"}, "company"),
            ({**person, "email": "not an address"}, "email"),
            ({**person, "mobile": "12"}, ""),
            ({**person, "first_name": "ა" * 101}, "body.first_name"),
        ]
        for body, reason in cases:
            with self.subTest(body=body):
                self.assertError(self.call("POST", "/clients", body=body), 400, "validation_error", reason)
        self.assertError(
            self.call("POST", "/clients", body=b'{"first_name": "\xc3\x28", "last_name": "x"}'),
            400,
            "validation_error",
            "UTF-8",
        )
        self.assertEqual(self.env["res.partner"].search_count([]), count, "nothing half-written")

    def test_public_service_templates_with_their_fields(self):
        self.tpl_consult.field_ids.create(
            {
                "template_id": self.tpl_consult.id,
                "name": "არხი",
                "key": "channel",
                "field_type": "selection",
                "selection_values": "ტელეფონი\nელფოსტა",
            }
        )
        response = self.call("GET", "/service-templates")
        self.assertEqual(response.status_code, 200, response.text)
        items = {item["id"]: item for item in response.json()["items"]}
        self.assertIn(self.tpl_consult.id, items)
        self.assertNotIn(self.tpl_receipt.id, items, "not offered to customers")
        fields = {field["key"]: field for field in items[self.tpl_consult.id]["fields"]}
        self.assertEqual(
            (fields["question"]["required"], fields["question"]["asked_in_cabinet"], fields["question"]["type"]),
            (True, True, "char"),
        )
        self.assertEqual(fields["channel"]["choices"], ["ტელეფონი", "ელფოსტა"])
        self.assertError(self.call("GET", "/service-templates", key=""), 401, "unauthorized")
