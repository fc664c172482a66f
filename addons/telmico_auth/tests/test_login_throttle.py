from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessDenied
from odoo.tests import TransactionCase, get_db_name, new_test_user, tagged

from .common import TelmicoAuthHttpCase

TOO_MANY = "Too many login failures, please wait a bit before trying again."


@tagged("post_install", "-at_install")
class TestLoginThrottleHttp(TelmicoAuthHttpCase):
    """Pentest finding: login throttling was per source address only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = new_test_user(cls.env, login="alice", password="alice-secret", groups="base.group_user")
        cls.bob = new_test_user(cls.env, login="bob", password="bob-secret", groups="base.group_user")
        cls.carol = new_test_user(cls.env, login="carol", password="carol-secret", groups="base.group_user")

    def throttle(self, login):
        return self.env["telmico.auth.login.throttle"].search([("login", "=", login)])

    def test_distributed_guess_is_throttled(self):
        for i in range(5):
            logged_in, response = self.login("alice", f"guess-{i}", address=f"203.0.113.{i + 1}")
            self.assertFalse(logged_in)
            self.assertIn("Wrong login/password", response.text)
        # the sixth attempt, from yet another address and with the right password, is refused
        logged_in, response = self.login("alice", "alice-secret", address="203.0.113.99")
        self.assertFalse(logged_in, "the account is throttled whatever the source address")
        self.assertIn(TOO_MANY, response.text)
        row = self.throttle("alice")
        self.assertEqual(row.failure_count, 5)
        self.assertEqual(row.last_address, "203.0.113.5")
        self.assertGreater(row.locked_until, fields.Datetime.now() + timedelta(seconds=50))
        # other accounts are not concerned
        self.assertTrue(self.login("bob", "bob-secret", address="203.0.113.99")[0])
        # once the delay is over, the right password works and the account's failures are forgotten
        row.locked_until = fields.Datetime.now() - timedelta(seconds=1)
        self.assertTrue(self.login("alice", "alice-secret", address="203.0.113.99")[0])
        self.assertFalse(self.throttle("alice"))

    def test_office_behind_one_address_is_not_locked_by_one_account(self):
        office = "10.20.30.40"
        # somebody in the office (or an attacker behind the same NAT) tries alice's password ten times:
        # five count, the next five are refused for the account and do not count against the address
        for i in range(10):
            self.assertFalse(self.login("alice", f"guess-{i}", address=office)[0])
        logged_in, response = self.login("bob", "bob-secret", address=office)
        self.assertTrue(logged_in, "a colleague behind the same address still logs in")
        # Odoo's own per-address cooldown is kept: ten real failures from one address, over several accounts
        # (bob's success above reset the address's count), cool the address down for everybody behind it
        for i in range(5):
            self.login("carol", f"guess-{i}", address=office)
            self.login("nobody-here", f"guess-{i}", address=office)
        logged_in, response = self.login("bob", "bob-secret", address=office)
        self.assertFalse(logged_in)
        self.assertIn(TOO_MANY, response.text)

    def test_success_resets_the_account(self):
        for i in range(4):
            self.login("alice", f"guess-{i}", address="203.0.113.1")
        self.assertEqual(self.throttle("alice").failure_count, 4)
        self.assertTrue(self.login("alice", "alice-secret", address="203.0.113.1")[0])
        self.assertFalse(self.throttle("alice"))
        for i in range(4):
            self.login("alice", f"guess-{i}", address="203.0.113.2")
        self.assertTrue(self.login("alice", "alice-secret", address="203.0.113.2")[0], "the count started again")

    def test_unknown_login_throttled_alike(self):
        """A login that exists and one that does not answer the same way: the throttle reveals no account."""
        for login in ("nobody-here", "alice"):
            for i in range(5):
                self.login(login, f"guess-{i}", address=f"203.0.113.{10 + i}")
            self.assertIn(TOO_MANY, self.login(login, "x", address="203.0.113.20")[1].text)

    def test_login_is_case_insensitive_for_the_throttle(self):
        for i in range(5):
            self.login("ALICE" if i % 2 else "alice", f"guess-{i}", address=f"203.0.113.{i + 1}")
        self.assertIn(TOO_MANY, self.login("alice", "alice-secret", address="203.0.113.30")[1].text)

    def test_rpc_password_guesses_count(self):
        """RPC calls with a uid and a password (res.users.check, as XML-RPC's execute_kw does) share the counter.

        Called directly: over HTTP in a test, the failed RPC request rolls back the test transaction's savepoint
        the counter was written under, which a real server (separate connections) does not. For the same reason
        no assertRaises (it rolls back to a savepoint of its own).
        """
        Users, db = self.registry["res.users"], get_db_name()

        def refusal(password):
            try:
                Users.check(db, self.alice.id, password)
            except AccessDenied as error:
                return error.args[0] if error.args else ""
            self.fail("the password was accepted")

        for i in range(5):
            refusal(f"guess-{i}")
        self.assertEqual(self.throttle("alice").failure_count, 5)
        self.assertEqual(refusal("alice-secret"), TOO_MANY)
        self.assertIn(TOO_MANY, self.login("alice", "alice-secret", address="203.0.113.40")[1].text)


@tagged("post_install", "-at_install")
class TestLoginThrottleRules(TransactionCase):
    """The counter itself: growing delay, cap, forgetting, parameters, vacuum."""

    def setUp(self):
        super().setUp()
        self.Throttle = self.env["telmico.auth.login.throttle"]

    def row(self, login="victim"):
        return self.Throttle.search([("login", "=", login)])

    def test_delay_grows_and_is_capped(self):
        delays = []
        for _i in range(12):
            now = fields.Datetime.now()
            self.Throttle._record_failure("victim", "198.51.100.1")
            row = self.row()
            delays.append(row.locked_until and round((row.locked_until - now).total_seconds()))
        self.assertEqual(delays[:4], [False] * 4, "four failures lock nothing")
        self.assertEqual(delays[4:11], [60, 120, 240, 480, 960, 1920, 3600])
        self.assertEqual(delays[11], 3600, "the maximum delay caps the growth")

    def test_quiet_login_is_forgotten(self):
        for _i in range(4):
            self.Throttle._record_failure("victim")
        self.row().last_failure = fields.Datetime.now() - timedelta(minutes=16)
        self.assertEqual(self.Throttle._record_failure("victim"), 1, "after a quiet window the count restarts")

    def test_failures_after_a_lock_keep_counting(self):
        for _i in range(5):
            self.Throttle._record_failure("victim")
        row = self.row()
        row.write(
            {
                "last_failure": fields.Datetime.now() - timedelta(minutes=30),
                "locked_until": fields.Datetime.now() - timedelta(minutes=5),
            }
        )
        self.assertEqual(self.Throttle._record_failure("victim"), 6, "a lock that just ended does not reset the count")

    def test_parameters(self):
        self.env["ir.config_parameter"].set_param("telmico_auth.login_max_failures", 2)
        self.env["ir.config_parameter"].set_param("telmico_auth.login_lock_delay", 10)
        self.Throttle._record_failure("victim")
        self.assertFalse(self.row().locked_until)
        self.Throttle._record_failure("victim")
        self.assertTrue(self.row().locked)
        self.env["ir.config_parameter"].set_param("telmico_auth.login_max_failures", 0)
        self.assertEqual(self.Throttle._record_failure("other"), 0, "0 turns the per-account throttling off")
        self.assertFalse(self.row("other"))

    def test_vacuum(self):
        self.Throttle._record_failure("old")
        self.Throttle._record_failure("recent")
        self.row("old").last_failure = fields.Datetime.now() - timedelta(hours=1)
        self.Throttle._gc_login_throttle()
        self.assertFalse(self.row("old"))
        self.assertTrue(self.row("recent"))

    def test_unlock(self):
        for _i in range(5):
            self.Throttle._record_failure("victim")
        self.row().action_unlock()
        self.assertFalse(self.row())
