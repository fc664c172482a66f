import json

from odoo.addons.telmico_desk.tests.common import DeskCase
from odoo.fields import Command
from odoo.tests import HttpCase


class ApiCase(HttpCase, DeskCase):
    """The desk's test world (agents of two teams, a client with a subscriber, service templates) with an API key
    per user, and a helper calling the real /api/v1 over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Key = cls.env["telmico.api.key"]
        cls.agent_key_record, cls.agent_key = Key._generate({"name": "კაბინეტი", "user_id": cls.agent.id})
        cls.outsider_key_record, cls.outsider_key = Key._generate({"name": "სხვა", "user_id": cls.outsider.id})
        cls.tpl_meter = cls.env["telmico.service.template"].create(
            {
                "name": "მრიცხველის ჩვენება",
                "kind": "simple",
                "field_ids": [
                    Command.create({"name": "ჩვენება", "key": "reading", "field_type": "integer", "required": True}),
                    Command.create({"name": "შენიშვნა", "key": "note"}),
                ],
            }
        )

    def call(self, method, path, key=None, body=None, headers=None):
        """The response of ``method`` ``/api/v1{path}``, authenticated with ``key`` (the agent's by default)."""
        headers = dict(headers or {})
        key = self.agent_key if key is None else key
        if key:
            headers["Authorization"] = f"Bearer {key}"
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = body if isinstance(body, bytes) else json.dumps(body)  # bytes: sent as they are
        return self.opener.request(
            method, f"{self.base_url()}/api/v1{path}", data=body, headers=headers, timeout=30, allow_redirects=False
        )

    def assertError(self, response, status, code, message_part=None):
        self.assertEqual(response.status_code, status, response.text)
        error = response.json()["error"]
        self.assertEqual(error["code"], code)
        if message_part:
            self.assertIn(message_part, error["message"])
        return error
