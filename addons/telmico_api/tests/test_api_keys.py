from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ApiCase


@tagged("post_install", "-at_install")
class TestApiKeys(ApiCase):
    def test_key_stored_hashed_shown_once(self):
        wizard = self.env["telmico.api.key.create"].create({"name": "ჩატბოტი", "user_id": self.agent.id})
        action = wizard.action_create()
        key = action["context"]["default_key"]
        record = self.env["telmico.api.key"].search([("name", "=", "ჩატბოტი")])
        self.assertTrue(key.startswith(f"tlm_{record.prefix}_"))
        self.assertNotIn(key, (record.key_hash, record.prefix))
        self.assertNotIn("key", self.env["telmico.api.key"]._fields)
        self.assertEqual(self.call("GET", "/requests", key=key).status_code, 200)

    def test_missing_unknown_revoked_expired_keys_refused(self):
        response = self.call("GET", "/requests", key="")
        self.assertError(response, 401, "unauthorized")
        self.assertEqual(response.headers["WWW-Authenticate"], "Bearer")
        self.assertError(self.call("GET", "/requests", key="tlm_00000000_nothing"), 401, "unauthorized")
        self.assertError(self.call("GET", "/requests", key=self.agent_key + "x"), 401, "unauthorized")
        self.assertEqual(self.call("GET", "/requests").status_code, 200)
        self.agent_key_record.date_expiry = date.today()
        self.assertEqual(self.agent_key_record.status, "expired")
        self.assertError(self.call("GET", "/requests"), 401, "unauthorized")
        self.agent_key_record.date_expiry = False
        self.agent_key_record.action_revoke()
        self.assertEqual(self.agent_key_record.status, "revoked")
        self.assertError(self.call("GET", "/requests"), 401, "unauthorized")

    def test_last_used_recorded(self):
        self.assertFalse(self.agent_key_record.last_used)
        self.call("GET", "/requests")
        self.agent_key_record.invalidate_recordset(["last_used"])
        self.assertTrue(self.agent_key_record.last_used)

    def test_rate_limit(self):
        self.agent_key_record.rate_limit = 2
        for _call in range(2):
            self.assertEqual(self.call("GET", "/requests").status_code, 200)
        response = self.call("GET", "/requests")
        self.assertError(response, 429, "rate_limited", "2")
        self.assertTrue(1 <= int(response.headers["Retry-After"]) <= 60)
        # another key has its own count
        self.assertEqual(self.call("GET", "/requests", key=self.outsider_key).status_code, 200)

    def test_unlimited_key_costs_no_transaction_per_call(self):
        """A key without limit records its use once a minute and counts nothing else (no extra transaction)."""
        self.agent_key_record.rate_limit = 0
        for _call in range(3):
            self.assertEqual(self.call("GET", "/requests").status_code, 200)
        self.agent_key_record.invalidate_recordset(["last_used"])
        self.assertTrue(self.agent_key_record.last_used)
        rate = self.env["telmico.api.rate"].search([("key_id", "=", self.agent_key_record.id)])
        # only the first call of each minute (the three calls may straddle two minutes), never all three
        self.assertEqual(set(rate.mapped("count")), {1})
        self.assertLess(len(rate), 3)

    def test_keys_and_idempotency_records_for_administrators_only(self):
        for model in ("telmico.api.key", "telmico.api.idempotency", "telmico.api.rate"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.desk_admin).search([])
        self.assertTrue(self.env["telmico.api.key"].with_user(self.env.ref("base.user_admin")).search([]))

    def test_openapi_document_and_docs(self):
        response = self.url_open("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertIn("/requests/{request_id}", document["paths"])
        for path, method in (
            ("/requests/{request_id}/attachments", "post"),
            ("/requests/{request_id}/attachments/{attachment_id}", "get"),
            ("/clients", "post"),
            ("/service-templates", "get"),
        ):
            self.assertIn(method, document["paths"][path], path)
        self.assertIn("HTTPBearer", document["components"]["securitySchemes"])
        responses = document["paths"]["/requests"]["post"]["responses"]
        self.assertLessEqual({"201", "400", "401", "403", "404", "409", "429"}, set(responses))
        self.assertNotIn("422", responses, "invalid input is answered 400")
        self.assertEqual(self.url_open("/api/v1/docs").status_code, 200)

    def test_unknown_path_is_json_404(self):
        self.assertError(self.call("GET", "/nothing"), 404, "not_found")

    def test_malformed_accept_language_is_no_language(self):
        response = self.call("GET", "/requests", headers={"Accept-Language": "u;"})
        self.assertEqual(response.status_code, 200, response.text)
