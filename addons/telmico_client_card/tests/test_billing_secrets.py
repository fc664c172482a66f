import hashlib
import hmac
import time
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger
from simulators.billing import BillingSimulator

from .common import ClientCardCase


def signed(body, secret):
    timestamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return body, timestamp, f"sha256={digest}"


class TestIntegrationSecrets(ClientCardCase):
    """The demo's push secret was the literal ``sim-secret`` and nothing enforced a minimum strength."""

    def test_connector_secret_generated_at_install(self):
        secret = self.backend.sudo().webhook_secret
        self.assertGreaterEqual(len(secret or ""), 32, "the shipped connector has a strong secret from the start")
        other = self.env["telmico.billing.backend"].with_user(self.manager).create({"name": "სატესტო ბილინგი"})
        self.assertGreaterEqual(len(other.sudo().webhook_secret), 32)
        self.assertNotEqual(other.sudo().webhook_secret, secret, "each connector its own secret")
        self.assertEqual(other.webhook_secret_hint, "…" + other.sudo().webhook_secret[-4:])

    def test_short_secrets_refused(self):
        for secret in ("sim-secret", "s3cret", "x" * 31):
            with self.assertRaisesRegex(ValidationError, "at least 32"), self.env.cr.savepoint():
                self.backend.write({"webhook_secret": secret})
        for token in ("sim-token", "t0ken"):
            with self.assertRaisesRegex(ValidationError, "at least 16"), self.env.cr.savepoint():
                self.backend.write({"api_token": token})
        wizard = self.env["telmico.billing.secret"].with_user(self.manager)
        action = self.backend.with_user(self.manager).action_new_webhook_secret()
        with self.assertRaisesRegex(ValidationError, "at least 32"), self.env.cr.savepoint():
            wizard.browse(action["res_id"]).write({"secret": "sim-secret"})
        self.backend.write({"webhook_secret": "y" * 32, "api_token": "z" * 16})  # long enough

    def test_secret_shown_once(self):
        backend = self.backend.with_user(self.manager)
        for field in ("webhook_secret", "api_token"):
            with self.assertRaises(AccessError):
                backend.read([field])
        arch = backend.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="webhook_secret"', arch)
        self.assertNotIn('name="api_token"', arch)
        action = backend.action_new_webhook_secret()
        wizard = self.env[action["res_model"]].with_user(self.manager).browse(action["res_id"])
        shown = wizard.secret
        self.assertGreaterEqual(len(shown), 32)
        wizard.action_apply()
        self.assertEqual(self.backend.sudo().webhook_secret, shown)
        self.assertFalse(wizard.secret, "the wizard forgets the secret once it is saved")
        self.assertEqual(backend.webhook_secret_hint, "…" + shown[-4:], "only a hint remains on the connector")
        with self.assertRaises(AccessError):
            self.env[action["res_model"]].with_user(self.supervisor).browse(action["res_id"]).read(["secret"])
        # the API token billing issued is pasted the same way, and then shown as a hint only
        action = backend.action_set_api_token()
        wizard = self.env[action["res_model"]].with_user(self.manager).browse(action["res_id"])
        self.assertFalse(wizard.secret)
        wizard.write({"secret": "billing-issued-token-0123"})
        wizard.action_apply()
        self.assertEqual(self.backend.sudo().api_token, "billing-issued-token-0123")
        self.assertEqual(backend.api_token_hint, "…0123")

    def test_rotation_keeps_the_previous_secret_for_the_overlap(self):
        body = b'{"items": []}'
        old = self.backend.sudo().webhook_secret
        start = datetime.now()
        action = self.backend.with_user(self.manager).action_new_webhook_secret()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        wizard.overlap_hours = 24
        new = wizard.secret
        wizard.action_apply()
        self.assertIsNone(self.backend._check_push_signature(*signed(body, new)))
        self.assertIsNone(self.backend._check_push_signature(*signed(body, old)), "billing switches over in its time")
        self.assertGreater(self.backend.webhook_secret_previous_until, start + timedelta(hours=23))
        with freeze_time(start + timedelta(hours=25)):
            self.assertEqual(self.backend._check_push_signature(*signed(body, old)), "signature_mismatch")
            self.assertIsNone(self.backend._check_push_signature(*signed(body, new)))
        # a rotation without overlap drops the old secret at once
        action = self.backend.action_new_webhook_secret()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        wizard.overlap_hours = 0
        newest = wizard.secret
        wizard.action_apply()
        self.assertEqual(self.backend._check_push_signature(*signed(body, new)), "signature_mismatch")
        self.assertIsNone(self.backend._check_push_signature(*signed(body, newest)))

    @mute_logger("odoo.addons.telmico_client_card.models.telmico_billing_backend")
    def test_weak_secret_of_an_old_database_never_authenticates(self):
        """A secret stored before the minimum existed (the demo's ``sim-secret``) is refused, even if signed right."""
        self.env.cr.execute(
            "UPDATE telmico_billing_backend SET webhook_secret = 'sim-secret' WHERE id = %s", [self.backend.id]
        )
        self.backend.invalidate_recordset()
        self.assertEqual(self.backend._check_push_signature(*signed(b"{}", "sim-secret")), "weak_secret")

    def test_simulator_token_is_random(self):
        first, second = BillingSimulator(size=1), BillingSimulator(size=1)
        self.assertGreaterEqual(len(first.token), 32)
        self.assertNotEqual(first.token, second.token)
        self.assertNotIn("sim-token", (first.token, second.token))
