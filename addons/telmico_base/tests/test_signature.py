import time

from odoo.addons.telmico_base.tools.signature import generate_secret, header_problem, sign, signed_by
from odoo.tests import BaseCase, tagged

BODY = '{"ზარი": 1}'.encode()


@tagged("at_install")
class TestSignature(BaseCase):
    """The signed calls' check: the headers' shape first, then the clock, then the HMAC with any current key."""

    def setUp(self):
        super().setUp()
        self.key, self.previous = generate_secret(), generate_secret()
        self.now = str(int(time.time()))

    def check(self, timestamp, signature, keys=None, tolerance=300):
        problem, digest = header_problem(timestamp, signature, tolerance)
        if problem:
            return problem
        keys = [self.key] if keys is None else keys
        return None if signed_by(keys, timestamp, BODY, digest) else "signature_mismatch"

    def test_valid_with_the_current_or_the_previous_key(self):
        self.assertIsNone(self.check(self.now, sign(self.key, self.now, BODY)))
        self.assertIsNone(self.check(self.now, sign(self.previous, self.now, BODY), [self.key, self.previous]))
        self.assertIsNone(self.check(self.now, sign(self.key, self.now, BODY).upper().replace("SHA256", "sha256")))

    def test_refusals(self):
        good = sign(self.key, self.now, BODY)
        self.assertEqual(self.check("", good), "missing_signature")
        self.assertEqual(self.check(self.now, None), "missing_signature")
        self.assertEqual(self.check("١٧٠٠٠٠٠٠٠٠", good), "malformed_timestamp", "Arabic-Indic digits are no timestamp")
        self.assertEqual(self.check(self.now + "0" * 12, good), "malformed_timestamp")
        self.assertEqual(self.check(self.now, good[:-1]), "malformed_signature")
        self.assertEqual(self.check(self.now, "md5=" + good[7:]), "malformed_signature")
        old = str(int(self.now) - 301)
        self.assertEqual(self.check(old, sign(self.key, old, BODY)), "stale_timestamp", "a replay of an old call")
        self.assertEqual(self.check(self.now, sign(self.previous, self.now, BODY)), "signature_mismatch")
        self.assertEqual(self.check(self.now, sign(self.key, self.now, BODY + b" ")), "signature_mismatch")
        self.assertEqual(self.check(self.now, good, keys=[]), "signature_mismatch")

    def test_secrets_are_long_and_new(self):
        self.assertGreaterEqual(len(self.key), 43)
        self.assertNotEqual(self.key, self.previous)
