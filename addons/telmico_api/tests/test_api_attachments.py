import base64

from odoo.tests import tagged

from .common import ApiCase

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestApiAttachments(ApiCase):
    def setUp(self):
        super().setUp()
        self.request = self._request()

    def upload(self, name="meter.png", raw=PNG, **kwargs):
        body = {"name": name, "content": base64.b64encode(raw).decode()}
        return self.call("POST", f"/requests/{self.request.id}/attachments", body=body, **kwargs)

    def test_upload_list_download(self):
        response = self.upload()
        self.assertEqual(response.status_code, 201, response.text)
        data = response.json()
        self.assertEqual((data["name"], data["mimetype"], data["size"]), ("meter.png", "image/png", len(PNG)))
        attachment = self.env["ir.attachment"].browse(data["id"])
        self.assertEqual((attachment.res_model, attachment.res_id), ("telmico.request", self.request.id))
        self.assertEqual(attachment.create_uid, self.agent)
        listed = self.call("GET", f"/requests/{self.request.id}/attachments").json()["items"]
        self.assertEqual([item["id"] for item in listed], [attachment.id])
        file = self.call("GET", f"/requests/{self.request.id}/attachments/{attachment.id}")
        self.assertEqual(file.status_code, 200)
        self.assertEqual(file.content, PNG)
        self.assertEqual(file.headers["Content-Type"], "image/png")
        self.assertIn("filename*=UTF-8''meter.png", file.headers["Content-Disposition"])
        self.assertError(self.call("GET", f"/requests/{self.request.id}/attachments/999999"), 404, "not_found")

    def test_upload_is_idempotent(self):
        first = self.upload(headers={"Idempotency-Key": "file-1"})
        again = self.upload(headers={"Idempotency-Key": "file-1"})
        self.assertEqual((first.status_code, again.status_code), (201, 201))
        self.assertEqual(again.headers.get("Idempotent-Replayed"), "true")
        self.assertEqual(len(self.call("GET", f"/requests/{self.request.id}/attachments").json()["items"]), 1)

    def test_bad_files_are_refused_and_nothing_written(self):
        self.env["ir.config_parameter"].set_param("telmico_desk.portal_max_file_mb", "1")
        path = f"/requests/{self.request.id}/attachments"
        self.assertError(self.upload(raw=b"MZ\x90\x00" + b"\x00" * 64, name="x.exe"), 400, "validation_error", "x.exe")
        self.assertError(self.upload(raw=b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)), 413, "payload_too_large", "1 MB")
        self.assertError(
            self.call("POST", path, body={"name": "a.png", "content": "not base64!"}), 400, "validation_error", "Base64"
        )
        self.assertError(
            self.call("POST", path, body={"name": "a.png", "content": "aGk=", "folder": "x"}),
            400,
            "validation_error",
            "body.folder",
        )
        self.assertError(
            self.call("POST", path, body={"name": 5, "content": "aGk="}), 400, "validation_error", "body.name"
        )
        self.assertError(
            self.call("POST", path, body=b'{"name": "\xff.png", "content": "aGk="}'), 400, "validation_error", "UTF-8"
        )
        self.assertError(self.upload(key=self.outsider_key), 403, "forbidden")
        self.assertFalse(self.call("GET", f"/requests/{self.request.id}/attachments").json()["items"])
        other = self._request(team_id=self.other_team.id)
        self.assertError(self.call("GET", f"/requests/{other.id}/attachments"), 403, "forbidden")
