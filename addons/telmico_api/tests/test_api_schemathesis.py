import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from odoo.tests import tagged

from .common import ApiCase

# examples per operation: the whole API in a minute or two on this machine, and the same examples every run
EXAMPLES = 8


@tagged("post_install", "-at_install", "telmico_api")
class TestApiSchemathesis(ApiCase):
    """A property-based run of schemathesis against the API's own OpenAPI document: generated valid and invalid
    calls to every operation (the personal cabinet's with a key acting for customers) get no server error, and
    every answer fits the document (its body and content type)."""

    def test_every_operation_against_the_openapi_document(self):
        Key = self.env["telmico.api.key"]
        _record, key = Key._generate({"name": "schemathesis", "user_id": self.agent.id, "rate_limit": 0})
        _record, cabinet_key = Key._generate(
            {"name": "schemathesis cabinet", "user_id": self.agent.id, "rate_limit": 0, "acts_for_customers": True}
        )
        base_url = f"{self.base_url()}/api/v1"
        schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json", timeout=30)
        session = requests.Session()
        checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
        operations = [result.ok() for result in schema.get_all_operations()]
        self.assertGreater(len(operations), 10, "the document lists the API's operations")
        tried = []

        def property_test(operation, mode):
            headers = {"Authorization": f"Bearer {cabinet_key if operation.path.startswith('/customers') else key}"}

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                response = case.call(base_url=base_url, session=session, headers=headers, timeout=30)
                case.validate_response(response, checks=checks, headers=headers)
                tried.append(operation.label)

            return run

        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                with self.subTest(operation=operation.label, mode=mode.value):
                    property_test(operation, mode)()
        self.assertEqual(
            {operation.label for operation in operations} - set(tried), set(), "every operation was called"
        )
