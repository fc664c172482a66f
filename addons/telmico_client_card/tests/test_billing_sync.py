import io
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger
from simulators.base import demo_world
from simulators.billing import BillingSimulator

from .common import ClientCardCase

demo_data = demo_world()


class SimulatorCase(ClientCardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        token = "pull-token-for-tests-0123456789"
        cls.sim = BillingSimulator(size=150, token=token).start()
        cls.addClassCleanup(cls.sim.stop)
        cls.backend.write({"base_url": cls.sim.url, "api_token": token, "page_size": 40})

    def setUp(self):
        super().setUp()
        # the simulator lives for the class: each test starts from a well-behaved billing
        self.sim.malformed = set()
        self.sim.overrides = {}
        self.sim.received_changes.clear()

    def _state(self):
        """Everything the mirror holds, to compare two syncs."""
        self.env.cr.execute(
            """SELECT s.number, s.name, s.balance, s.tariff, s.status, s.address, s.meter_numbers,
                      (SELECT count(*) FROM telmico_subscriber_charge c WHERE c.subscriber_id = s.id),
                      (SELECT count(*) FROM telmico_subscriber_payment p WHERE p.subscriber_id = s.id)
                 FROM telmico_subscriber s ORDER BY s.number"""
        )
        return self.env.cr.fetchall()


class TestBillingPull(SimulatorCase):
    def test_pull_is_idempotent(self):
        n = demo_data.subscriber_count(150)
        run = self.backend._sync_pull()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.pages, -(-n // 40))
        self.assertEqual((run.created_count, run.unchanged_count), (n - 3, 3), "3 subscribers were mirrored already")
        self.assertEqual(self.env["telmico.subscriber"].search_count([]), n)
        before = self._state()
        sub = self.env["telmico.subscriber"].search([("number", "=", demo_data.subscriber_number(5))])
        self.assertEqual(len(sub.charge_ids), 6)
        self.assertTrue(sub.billing_updated_at)
        # nothing changed in billing: the cursor asks only for newer changes
        run2 = self.backend._sync_pull()
        self.assertEqual((run2.received_count, run2.created_count, run2.updated_count), (0, 0, 0))
        # replaying everything from scratch changes nothing either
        self.backend.updated_since = False
        run3 = self.backend._sync_pull()
        self.assertEqual((run3.unchanged_count, run3.updated_count), (n, 0))
        self.assertEqual(self._state(), before)

    def test_change_in_billing_reaches_the_card(self):
        self.backend._sync_pull()
        self.sim.overrides[7] = {
            "tariff": "RES-3",
            "status": "disconnected",
            "balance": "99.99",
            "updated_at": "2026-11-23T08:00:00Z",
        }
        run = self.backend._sync_pull()
        self.assertEqual(run.received_count, 1)
        self.assertEqual(run.updated_count, 1)
        sub = self.env["telmico.subscriber"].search([("number", "=", demo_data.subscriber_number(7))])
        self.assertEqual((sub.tariff, sub.status, sub.balance, sub.debt), ("RES-3", "disconnected", 99.99, 99.99))

    def test_older_record_does_not_overwrite_newer(self):
        record = demo_data.subscriber(1)
        newer = dict(record, balance="10.00", updated_at="2026-11-20T00:00:00Z")
        older = dict(record, balance="500.00", updated_at="2026-10-01T00:00:00Z")
        sync = self.backend.with_context(telmico_billing_sync=True)
        sync._apply_subscriber_records([newer], self.sync_run)
        stats = sync._apply_subscriber_records([older], self.sync_run)
        self.assertEqual(stats["unchanged"], 1)
        self.assertEqual(self.sub2.balance, 10.0)

    def test_interrupted_pull_resumes(self):
        self.sim.fail_after_pages = 2
        with mute_logger("odoo.addons.telmico_client_card.models.telmico_billing_backend"):
            failed = self.backend._sync_pull()
        self.assertEqual(failed.state, "failed")
        self.assertIn("503", failed.message)
        self.assertEqual(failed.pages, 2)
        self.assertTrue(self.backend.page_cursor, "the position inside the pull is kept")
        resumed = self.backend._sync_pull()
        self.assertEqual(resumed.state, "done")
        self.assertFalse(self.backend.page_cursor)
        self.assertEqual(self.env["telmico.subscriber"].search_count([]), demo_data.subscriber_count(150))
        self.assertEqual(
            failed.created_count + resumed.created_count, demo_data.subscriber_count(150) - 3, "each created once"
        )

    def test_malformed_records_logged_and_skipped(self):
        self.sim.malformed = {4, 9}
        with mute_logger("odoo.addons.telmico_client_card.models.telmico_billing_sync_run"):
            run = self.backend._sync_pull()
        self.assertEqual(run.state, "partial")
        self.assertEqual(run.error_count, 2)
        self.assertEqual(len(run.error_ids), 2)
        self.assertTrue(all("number" in e.reason or "balance" in e.reason for e in run.error_ids))
        self.assertEqual(self.env["telmico.subscriber"].search_count([]), demo_data.subscriber_count(150) - 2)

    def test_bad_token_fails_cleanly(self):
        self.backend.api_token = "wrong-token-0123456789"
        with mute_logger("odoo.addons.telmico_client_card.models.telmico_billing_backend"):
            run = self.backend._sync_pull()
        self.assertEqual(run.state, "failed")
        self.assertIn("401", run.message)
        self.assertEqual(self.env["telmico.subscriber"].search_count([]), 3)

    def test_outbox_retries_then_sends(self):
        Outbox = self.env["telmico.billing.outbox"]
        message = Outbox._enqueue(
            self.backend,
            {"subscriber": self.sub1.number, "change": {"phone": "+995599000111"}, "simulate_error": True},
            subscriber=self.sub1,
            description="ტელეფონის ცვლილება",
        )
        Outbox._cron_send()
        self.assertEqual((message.state, message.attempts), ("pending", 1))
        self.assertIn("HTTP 500", message.last_error)
        self.assertGreater(message.next_attempt_at, message.create_date)
        Outbox._cron_send()
        self.assertEqual(message.attempts, 1, "not retried before its time")
        message.write(
            {
                "payload": {"subscriber": self.sub1.number, "change": {"phone": "+995599000111"}},
                "next_attempt_at": fields.Datetime.now() - timedelta(minutes=1),
            }
        )
        Outbox._cron_send()
        self.assertEqual(message.state, "sent", message.last_error)
        self.assertTrue(message.billing_reference)
        self.assertEqual(self.sim.received_changes[-1]["change"], {"phone": "+995599000111"})
        Outbox._cron_send()
        self.assertEqual(len([c for c in self.sim.received_changes if not c.get("simulate_error")]), 1, "sent once")

    def test_outbox_gives_up_after_max_attempts(self):
        message = self.env["telmico.billing.outbox"]._enqueue(self.backend, {"simulate_error": True})
        for _i in range(message.MAX_ATTEMPTS):
            message.next_attempt_at = message.create_date
            message._send()
        self.assertEqual(message.state, "failed")
        message.action_retry()
        self.assertEqual((message.state, message.attempts), ("pending", 0))


class TestBillingFile(ClientCardCase):
    def _csv(self, kind, size=40):
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            demo_data.write_csv(f"{tmp}/", size)
            with open(f"{tmp}/{kind}.csv", encoding="utf-8") as f:
                return f.read()

    def test_csv_import_idempotent(self):
        backend = self.backend.with_context(telmico_billing_sync=True)
        text = self._csv("subscribers")
        run = backend._import_csv(io.StringIO(text), "subscribers")
        n = demo_data.subscriber_count(40)
        self.assertEqual(run.state, "done")
        self.assertEqual(self.env["telmico.subscriber"].search_count([]), n)
        charges = backend._import_csv(io.StringIO(self._csv("charges")), "charges")
        self.assertEqual((charges.received_count, charges.error_count), (6 * n, 0))
        again = backend._import_csv(io.StringIO(text), "subscribers")
        self.assertEqual((again.unchanged_count, again.updated_count, again.created_count), (n, 0, 0))
        backend._import_csv(io.StringIO(self._csv("charges")), "charges")
        self.assertEqual(self.env["telmico.subscriber.charge"].search_count([]), 6 * n, "no charge twice")

    def test_csv_bad_lines_skipped(self):
        text = "number,holder_name,balance,updated_at\n1234567890,ნინო,12.50,2026-11-01T00:00:00Z\nABC,ლია,5,2026-11-01T00:00:00Z\n1234567891,ეთერ,xx,2026-11-01T00:00:00Z\n"
        with mute_logger("odoo.addons.telmico_client_card.models.telmico_billing_sync_run"):
            run = self.backend.with_context(telmico_billing_sync=True)._import_csv(io.StringIO(text), "subscribers")
        self.assertEqual((run.created_count, run.error_count, run.state), (1, 2, "partial"))
        self.assertEqual(self.env["telmico.subscriber"].search([("number", "=", "1234567890")]).balance, 12.5)

    def test_csv_missing_columns(self):
        with self.assertRaisesRegex(UserError, "lacks the column"):
            self.backend._import_csv(io.StringIO("foo,bar\n1,2\n"), "subscribers")

    def test_import_wizard(self):
        import base64

        wizard = (
            self.env["telmico.billing.import"]
            .with_user(self.manager)
            .create(
                {
                    "kind": "subscribers",
                    "file": base64.b64encode(self._csv("subscribers", 10).encode()),
                    "filename": "s.csv",
                }
            )
        )
        action = wizard.action_import()
        run = self.env["telmico.billing.sync.run"].browse(action["res_id"])
        self.assertEqual(run.kind, "file")
        self.assertEqual((run.created_count, run.unchanged_count), (demo_data.subscriber_count(10) - 3, 3))
        bad = self.env["telmico.billing.import"].create(
            {"kind": "subscribers", "file": base64.b64encode(b"\xff\xfe\x00bad")}
        )
        with self.assertRaisesRegex(UserError, "not a UTF-8 CSV"):
            bad.action_import()


class TestMirrorReadOnly(ClientCardCase):
    def test_nobody_edits_a_subscriber(self):
        for user in (self.user, self.supervisor, self.manager):
            with self.assertRaises(AccessError):
                self.sub1.with_user(user).write({"tariff": "COM-1"})
            with self.assertRaises(AccessError):
                self.sub1.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["telmico.subscriber"].with_user(user).create({"number": "999999999"})
        # even the superuser, outside the billing sync
        with self.assertRaisesRegex(AccessError, "come from the billing system"):
            self.sub1.sudo().write({"tariff": "COM-1"})
        with self.assertRaises(AccessError):
            self.sub1.charge_ids[:1].sudo().write({"amount": 1})
        with self.assertRaises(AccessError):
            self.sub1.payment_ids[:1].sudo().unlink()
        self.assertEqual(self.sub1.with_user(self.user).number, "1000000001", "but everybody reads it")
