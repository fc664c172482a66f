from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from simulators.webhook_receiver import WebhookReceiver

from .common import ApiCase


@tagged("post_install", "-at_install")
class TestApiCabinet(ApiCase):
    """The personal cabinet (my.telmico.ge) acting for a customer by personal number, end to end over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the cabinet's technical user: an employee without any Desk right
        cls.cabinet_user = mail_new_test_user(cls.env, login="cabinet", groups="base.group_user", name="my.telmico.ge")
        cls.cabinet_key_record, cls.cabinet_key = cls.env["telmico.api.key"]._generate(
            {"name": "my.telmico.ge", "user_id": cls.cabinet_user.id, "acts_for_customers": True}
        )
        cls.base = f"/customers/{cls.client.personal_number}"

    def cabinet(self, method, path, body=None, headers=None):
        return self.call(method, f"{self.base}{path}", key=self.cabinet_key, body=body, headers=headers)

    def test_cabinet_flow_end_to_end(self):
        body = {
            "subject": "კონსულტაცია",
            "subscriber_numbers": [self.subscriber.number],
            "services": [{"template_id": self.tpl_consult.id, "values": {"question": "რა ტარიფი მაქვს?"}}],
        }
        created = self.cabinet("POST", "/requests", body=body, headers={"Idempotency-Key": "cab-1"})
        self.assertEqual(created.status_code, 201, created.text)
        data = created.json()
        record = self.env["telmico.request"].browse(data["id"])
        self.assertEqual(
            (record.partner_id, record.channel, record.create_uid), (self.client, "portal", self.cabinet_user)
        )
        self.assertEqual(record.service_ids.template_id, self.tpl_consult)
        self.assertEqual(data["services"][0]["values"], {"question": "რა ტარიფი მაქვს?"})
        replay = self.cabinet("POST", "/requests", body=body, headers={"Idempotency-Key": "cab-1"})
        self.assertEqual((replay.json()["id"], replay.headers.get("Idempotent-Replayed")), (record.id, "true"))

        other_client = self.env["res.partner"].create(
            {"first_name": "სხვა", "last_name": "კლიენტი", "personal_number": "01001077777", "is_client": True}
        )
        others = self._request(partner_id=other_client.id)
        mine = self._request()
        listed = [item["id"] for item in self.cabinet("GET", "/requests").json()["items"]]
        self.assertEqual(listed, sorted([record.id, mine.id]), "only the customer's requests")
        self.assertError(self.cabinet("GET", f"/requests/{others.id}"), 404, "not_found")

        record.with_user(self.agent).message_post(
            body="ვამოწმებთ", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        record.with_user(self.agent).message_post(body="შიდა", message_type="comment", subtype_xmlid="mail.mt_note")
        reply = self.cabinet("POST", f"/requests/{record.id}/messages", body={"body": "გმადლობთ, ველოდები"})
        self.assertEqual(reply.status_code, 201, reply.text)
        message = self.env["mail.message"].browse(reply.json()["id"])
        self.assertEqual((message.author_id, message.subtype_id), (self.client, self.env.ref("mail.mt_comment")))
        conversation = self.cabinet("GET", f"/requests/{record.id}").json()["messages"]
        self.assertEqual(
            [
                (m["body"], m["from_customer"])
                for m in conversation
                if m["body"] in ("ვამოწმებთ", "შიდა", "გმადლობთ, ველოდები")
            ],
            [("ვამოწმებთ", False), ("გმადლობთ, ველოდები", True)],
            "the public conversation, without internal notes",
        )
        self.assertError(self.cabinet("POST", f"/requests/{others.id}/messages", body={"body": "x"}), 404, "not_found")

        services = self.cabinet("GET", "/services").json()["items"]
        self.assertEqual([s["id"] for s in services], record.service_ids.ids)
        self.assertEqual(services[0]["request_number"], record.name)

    def test_cabinet_refusals(self):
        self.assertError(self.call("GET", f"{self.base}/requests"), 403, "forbidden", "act for customers")
        self.assertError(self.call("GET", f"{self.base}/requests", key=""), 401, "unauthorized")
        self.assertError(self.call("GET", "/customers/01009999999/requests", key=self.cabinet_key), 404, "not_found")
        self.assertError(self.call("GET", "/customers/12ab/requests", key=self.cabinet_key), 400, "validation_error")
        count = self.env["telmico.request"].search_count([])
        cases = [
            ({"services": [{"template_id": self.tpl_receipt.id, "values": {"month": "10"}}]}, "not offered"),
            ({"subject": "x", "client_number": "01001012345"}, "body.client_number"),
            ({"subject": "x", "channel": "phone"}, "body.channel"),
            ({"subject": 5}, "body.subject"),
            ({"subject": "x", "subscriber_numbers": ["2000000002"]}, "2000000002"),
        ]
        for body, reason in cases:
            with self.subTest(body=body):
                self.assertError(self.cabinet("POST", "/requests", body=body), 400, "validation_error", reason)
        self.assertEqual(self.env["telmico.request"].search_count([]), count, "nothing half-written")
        self.cabinet_key_record.action_revoke()
        self.assertError(self.cabinet("GET", "/requests"), 401, "unauthorized")

    def test_cabinet_follows_its_customers_by_webhook(self):
        events = self.env["telmico.webhook.event"].search([("code", "in", ["request.created", "message.created"])])
        with WebhookReceiver() as receiver:
            webhook = self.env["telmico.webhook"].create(
                {
                    "name": "my.telmico.ge",
                    "url": f"{receiver.url}/hooks/cabinet",
                    "event_ids": [Command.set(events.ids)],
                }
            )
            receiver.secret = webhook.secret
            created = self.cabinet("POST", "/requests", body={"subject": "შუქი არ არის"})
            self.assertEqual(created.status_code, 201, created.text)
            record = self.env["telmico.request"].browse(created.json()["id"])
            record.with_user(self.agent).message_post(
                body="ბრიგადა გზაშია", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            self.env.flush_all()
            self.env.cr.precommit.run()  # the agent's transaction commits
            self.assertFalse(receiver.deliveries, "nothing is posted inside the calls' transactions")
            self.env["telmico.webhook.delivery"]._cron_send()
            received = [(d.event, d.json()["data"]) for d in receiver.deliveries]
        self.assertTrue(all(d.verified for d in receiver.deliveries))
        self.assertEqual([event for event, _data in received], ["request.created", "message.created"])
        self.assertEqual((received[0][1]["id"], received[0][1]["client_number"]), (record.id, "01001012345"))
        self.assertEqual((received[1][1]["request_id"], received[1][1]["from_client"]), (record.id, False))

    def test_a_customer_key_is_made_for_an_internal_user(self):
        action = (
            self.env["telmico.api.key.create"]
            .create({"name": "კაბინეტი 2", "user_id": self.cabinet_user.id, "acts_for_customers": True})
            .action_create()
        )
        key = action["context"]["default_key"]
        self.assertEqual(self.call("GET", f"{self.base}/services", key=key).status_code, 200)
        portal = mail_new_test_user(self.env, login="cabinet_portal", groups="base.group_portal")
        with self.assertRaises(ValidationError):
            self.env["telmico.api.key"]._generate({"name": "x", "user_id": portal.id, "acts_for_customers": True})
