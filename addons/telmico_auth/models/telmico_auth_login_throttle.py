import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessDenied
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Parameters (ir.config_parameter) and their defaults
MAX_FAILURES = ("telmico_auth.login_max_failures", 5)  # failures of one login before it is throttled (0: off)
WINDOW = ("telmico_auth.login_failure_window", 900)  # seconds after which a quiet login's failures are forgotten
DELAY = ("telmico_auth.login_lock_delay", 60)  # seconds of the first lock, doubled at each further failure
MAX_DELAY = ("telmico_auth.login_lock_max_delay", 3600)  # the longest lock, in seconds
LOGIN_KEY_LENGTH = 128


class TelmicoAuthLoginThrottle(models.Model):
    """Failed logins counted per account (per login typed), whatever the source address.

    One row per login, written by an atomic upsert in its own short transaction (see ``_record_failure``), so
    concurrent workers add up their failures instead of overwriting each other. Odoo's own cooldown per source
    address (``res.users._assert_can_auth``) keeps working beside it.
    """

    _name = "telmico.auth.login.throttle"
    _description = "Login throttling per account"
    _order = "last_failure desc, id desc"
    _rec_name = "login"
    _log_access = False

    login = fields.Char(required=True, readonly=True, help="The login as typed, in lower case.")
    failure_count = fields.Integer(readonly=True, help="Failures since the last success or quiet period.")
    last_failure = fields.Datetime(readonly=True)
    locked_until = fields.Datetime(readonly=True, help="Every attempt for this login is refused until then.")
    last_address = fields.Char(string="Last source address", readonly=True)
    locked = fields.Boolean(compute="_compute_locked")

    _sql_constraints = [("login_uniq", "unique(login)", "One throttling row per login.")]

    def _compute_locked(self):
        now = fields.Datetime.now()
        for row in self:
            row.locked = bool(row.locked_until and row.locked_until > now)

    def action_unlock(self):
        """An administrator lifts the throttling of these logins (the owner proved who they are)."""
        self.unlink()

    # --------------------------------------------------------------- business

    @api.model
    def _normalize_login(self, login):
        return (login or "").strip().lower()[:LOGIN_KEY_LENGTH]

    @api.model
    def _params(self):
        # sudo: the throttle's limits are system parameters, read on every login attempt (by visitors too)
        get = self.env["ir.config_parameter"].sudo().get_param
        return {
            name: int(get(key, default) or 0)
            for name, (key, default) in {
                "max_failures": MAX_FAILURES,
                "window": WINDOW,
                "delay": DELAY,
                "max_delay": MAX_DELAY,
            }.items()
        }

    @api.model
    def _check_allowed(self, login, address=None):
        """Raise AccessDenied (Odoo's cooldown message) while ``login`` is throttled."""
        login = self._normalize_login(login)
        if not login:
            return
        self.flush_model()
        self.env.cr.execute(SQL("SELECT locked_until FROM telmico_auth_login_throttle WHERE login = %s", login))
        row = self.env.cr.fetchone()
        if row and row[0] and row[0] > fields.Datetime.now():
            _logger.warning(
                "Login attempt refused for %r from %s: too many failures for this account, locked until %s UTC",
                login,
                address or "n/a",
                row[0],
            )
            raise AccessDenied(self.env._("Too many login failures, please wait a bit before trying again."))

    @api.model
    def _record_failure(self, login, address=None):
        """Count one failure of ``login``; lock it once it reaches the limit. Returns the failure count.

        Call it in a transaction of its own that is committed whatever happens to the login attempt: the
        attempt's own transaction is rolled back with its AccessDenied.
        """
        login = self._normalize_login(login)
        params = self._params()
        if not login or params["max_failures"] <= 0:
            return 0
        now = fields.Datetime.now()
        self.flush_model()
        # One statement: concurrent failures of the same login serialize on the row, none is lost. A login
        # quiet for the whole window (after its last failure and after its lock) starts counting again at one.
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO telmico_auth_login_throttle AS t (login, failure_count, last_failure, last_address)
                VALUES (%(login)s, 1, %(now)s, %(address)s)
                ON CONFLICT (login) DO UPDATE SET
                    failure_count = CASE
                        WHEN GREATEST(t.last_failure, t.locked_until) < %(forget)s THEN 1
                        ELSE t.failure_count + 1
                    END,
                    last_failure = EXCLUDED.last_failure,
                    last_address = EXCLUDED.last_address
                RETURNING id, failure_count
                """,
                login=login,
                now=now,
                address=(address or "")[:64] or None,
                forget=now - timedelta(seconds=params["window"]),
            )
        )
        row_id, failures = self.env.cr.fetchone()
        if failures >= params["max_failures"]:
            # the delay doubles with every failure past the limit, up to the maximum
            steps = min(failures - params["max_failures"], 20)
            delay = min(params["delay"] * 2**steps, params["max_delay"])
            self.env.cr.execute(
                SQL(
                    "UPDATE telmico_auth_login_throttle SET locked_until = %s WHERE id = %s",
                    now + timedelta(seconds=delay),
                    row_id,
                )
            )
            _logger.warning(
                "Login %r locked for %s s after %s failures (last from %s)", login, delay, failures, address or "n/a"
            )
        self.invalidate_model()
        return failures

    @api.model
    def _record_success(self, login):
        """A successful login forgets the failures of its account."""
        login = self._normalize_login(login)
        if login:
            self.flush_model()
            self.env.cr.execute(SQL("DELETE FROM telmico_auth_login_throttle WHERE login = %s", login))
            self.invalidate_model()

    @api.autovacuum
    def _gc_login_throttle(self):
        """Rows quiet for longer than the window no longer change anything: the next failure starts at one."""
        forget = fields.Datetime.now() - timedelta(seconds=self._params()["window"])
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "DELETE FROM telmico_auth_login_throttle WHERE GREATEST(last_failure, locked_until) < %s",
                forget,
            )
        )
        self.invalidate_model()
