from odoo.tests import tagged

from .common import ApiCase


@tagged("post_install", "-at_install")
class TestApiRequests(ApiCase):
    def new_request_body(self, **values):
        return {
            "subject": "შუქი არ არის",
            "description": "მეზობლებსაც აქვთ.",
            "client_number": self.client.personal_number,
            "subscriber_numbers": [self.subscriber.number],
            "services": [{"template_id": self.tpl_meter.id, "values": {"reading": "12 345", "note": "ფოტო"}}],
            **values,
        }

    def test_create_request_with_service(self):
        response = self.call("POST", "/requests", body=self.new_request_body())
        self.assertEqual(response.status_code, 201, response.text)
        data = response.json()
        record = self.env["telmico.request"].browse(data["id"])
        self.assertEqual(record.partner_id, self.client)
        self.assertEqual(record.channel, "api")
        self.assertEqual(record.state, "new")
        self.assertEqual(record.create_uid, self.agent)
        self.assertEqual(record.subscriber_ids, self.subscriber)
        self.assertEqual(data["number"], record.name)
        self.assertTrue(data["created_at"].endswith(("Z", "+00:00")), "datetimes are RFC 3339, in UTC")
        service = record.service_ids
        self.assertEqual(service.template_id, self.tpl_meter)
        self.assertEqual(service.value_ids.filtered(lambda v: v.key == "reading").value_integer, 12345)
        self.assertEqual(data["services"][0]["values"], {"reading": "12345", "note": "ფოტო"})

    def test_create_validation_errors_name_the_reason(self):
        count = self.env["telmico.request"].search_count([])
        cases = [
            ({"colour": "red"}, "body.colour"),
            ({"channel": "pigeon"}, "body.channel"),
            ({"client_number": "123"}, "body.client_number"),
            ({"client_number": "99999999999"}, "99999999999"),
            ({"client_number": None}, "client_id or client_number"),
            ({"subscriber_numbers": ["2000000002"]}, "2000000002"),
            ({"services": [{"template_id": self.tpl_meter.id, "values": {"reading": "ბევრი"}}]}, "ბევრი"),
            ({"services": [{"template_id": self.tpl_meter.id, "values": {"note": "x"}}]}, "ჩვენება"),
            ({"services": [{"template_id": self.tpl_meter.id, "values": {"reading": 1, "size": 2}}]}, "size"),
            ({"services": [{"template_id": 999999, "values": {}}]}, "999999"),
        ]
        for values, reason in cases:
            with self.subTest(values=values):
                self.assertError(
                    self.call("POST", "/requests", body=self.new_request_body(**values)),
                    400,
                    "validation_error",
                    reason,
                )
        self.assertError(self.call("POST", "/requests", body="not an object"), 400, "validation_error", "body")
        self.assertEqual(self.env["telmico.request"].search_count([]), count, "nothing half-written")

    def test_idempotent_create(self):
        headers = {"Idempotency-Key": "cabinet-42"}
        first = self.call("POST", "/requests", body=self.new_request_body(), headers=headers)
        self.assertEqual(first.status_code, 201, first.text)
        again = self.call("POST", "/requests", body=self.new_request_body(), headers=headers)
        self.assertEqual(again.status_code, 201)
        self.assertEqual(again.json(), first.json())
        self.assertEqual(again.headers.get("Idempotent-Replayed"), "true")
        self.assertEqual(self.env["telmico.request"].search_count([("subject", "=", "შუქი არ არის")]), 1)
        other = self.call("POST", "/requests", body=self.new_request_body(subject="სხვა"), headers=headers)
        self.assertError(other, 409, "idempotency_conflict")
        # the same key of another user is another call
        fresh = self.call("POST", "/requests", key=self.outsider_key, body=self.new_request_body(), headers=headers)
        self.assertEqual(fresh.status_code, 201, fresh.text)
        self.assertNotEqual(fresh.json()["id"], first.json()["id"])

    def test_read_and_scope(self):
        mine = self._request(subject="ჩემი გუნდის")
        theirs = self._request(subject="სხვა გუნდის", team_id=self.other_team.id)
        response = self.call("GET", f"/requests/{mine.id}")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["subject"], "ჩემი გუნდის")
        self.assertEqual(response.json()["team_id"], self.team.id)
        self.assertError(self.call("GET", f"/requests/{theirs.id}"), 403, "forbidden")
        self.assertEqual(self.call("GET", f"/requests/{theirs.id}", key=self.outsider_key).status_code, 200)
        self.assertError(self.call("GET", "/requests/999999999"), 404, "not_found")
        self.assertError(self.call("GET", "/requests/abc"), 400, "validation_error", "request_id")
        listed = [item["id"] for item in self.call("GET", "/requests?limit=200").json()["items"]]
        self.assertIn(mine.id, listed)
        self.assertNotIn(theirs.id, listed)

    def test_list_filters_and_cursor_pagination(self):
        requests = [self._request(subject=f"მოთხოვნა {n}") for n in range(5)]
        requests[0].action_pending()
        chat = self._request(subject="ჩატიდან", channel="chat")
        ids, after = [], 0
        while True:
            page = self.call("GET", f"/requests?limit=2&after={after}&client_id={self.client.id}").json()
            self.assertLessEqual(len(page["items"]), 2)
            ids += [item["id"] for item in page["items"]]
            if page["next_after"] is None:
                break
            after = page["next_after"]
        self.assertEqual(ids, sorted(ids))
        self.assertLessEqual({*[r.id for r in requests], chat.id}, set(ids))
        pending = self.call("GET", "/requests?state=pending").json()["items"]
        self.assertEqual([item["id"] for item in pending], [requests[0].id])
        chats = self.call("GET", "/requests?channel=chat").json()["items"]
        self.assertEqual([item["id"] for item in chats], [chat.id])
        self.assertEqual(self.call("GET", "/requests?updated_since=2999-01-01T00:00:00Z").json()["items"], [])
        self.assertError(self.call("GET", "/requests?limit=1000"), 400, "validation_error", "query.limit")

    def test_update_status_priority_assignee(self):
        record = self._request()
        response = self.call("PATCH", f"/requests/{record.id}", body={"state": "pending", "priority": "3"})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual((record.state, record.priority), ("pending", "3"))
        self.assertEqual(
            self.call("PATCH", f"/requests/{record.id}", body={"assignee_id": self.agent2.id}).json()["assignee_id"],
            self.agent2.id,
        )
        self.assertEqual(record.user_id, self.agent2)
        self.call("PATCH", f"/requests/{record.id}", body={"state": "resolved"})
        self.assertEqual(record.state, "resolved")
        self.assertTrue(record.date_resolved, "resolved through action_resolve")
        # refused as a whole: the priority sent with an impossible status is not written either
        self.assertError(
            self.call("PATCH", f"/requests/{record.id}", body={"state": "pending", "priority": "0"}), 409, "conflict"
        )
        record.invalidate_recordset()
        self.assertEqual((record.state, record.priority), ("resolved", "3"))
        self.call("PATCH", f"/requests/{record.id}", body={"state": "in_progress"})
        self.assertEqual((record.state, record.reopen_count), ("in_progress", 1))
        self.assertError(self.call("PATCH", f"/requests/{record.id}", body={"state": "draft"}), 400, "validation_error")

    def test_reply_and_note(self):
        record = self._request()
        reply = self.call("POST", f"/requests/{record.id}/messages", body={"body": "გიპასუხებთ ხვალ."})
        self.assertEqual(reply.status_code, 201, reply.text)
        note = self.call("POST", f"/requests/{record.id}/messages", body={"body": "შიდა შენიშვნა", "internal": True})
        self.assertEqual(note.status_code, 201, note.text)
        messages = self.env["mail.message"].browse([reply.json()["id"], note.json()["id"]])
        self.assertEqual(messages.mapped("model"), ["telmico.request", "telmico.request"])
        self.assertEqual(messages[0].subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(messages[1].subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(messages.author_id, self.agent.partner_id)
        self.assertError(
            self.call("POST", f"/requests/{record.id}/messages", body={"body": ""}), 400, "validation_error"
        )
