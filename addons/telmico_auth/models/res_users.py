import contextlib
import logging

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessDenied
from odoo.http import request
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# attribute set on the AccessDenied of a real failed attempt (wrong password, unknown login), as opposed to an
# attempt refused before any check (account or address on cooldown), which is not counted again
FAILED_LOGIN_ATTR = "telmico_auth_failed_login"


class ResUsers(models.Model):
    _inherit = "res.users"

    @contextlib.contextmanager
    def _assert_can_auth(self, user=None):
        """Refuse attempts on a throttled account, then let Odoo apply its per-address cooldown.

        The account check comes first, so attempts refused for the account never count against the source
        address: a colleague behind the same office address is not locked out by them.
        """
        login = self._telmico_auth_login(user)
        address = request.httprequest.remote_addr if request else None
        # sudo: the throttling rows are technical (administrators only); anybody logging in is checked against them
        self.env["telmico.auth.login.throttle"].sudo()._check_allowed(login, address)
        with super()._assert_can_auth(user=user):
            try:
                yield
            except AccessDenied as error:
                setattr(error, FAILED_LOGIN_ATTR, login)
                raise

    def _telmico_auth_login(self, user):
        """The login an authentication is about: ``user`` is the login typed, or a user id (RPC, 2FA)."""
        if isinstance(user, int):
            self.env.cr.execute(SQL("SELECT login FROM res_users WHERE id = %s", user))
            row = self.env.cr.fetchone()
            return row[0] if row else None
        return user if isinstance(user, str) else None

    @classmethod
    def _login(cls, db, credential, user_agent_env):
        try:
            auth_info = super()._login(db, credential, user_agent_env)
        except AccessDenied as error:
            cls._telmico_auth_throttle(getattr(error, FAILED_LOGIN_ATTR, None), failed=True)
            raise
        cls._telmico_auth_throttle(credential.get("login"), failed=False)
        return auth_info

    @classmethod
    def check(cls, db, uid, passwd):
        # RPC calls with a uid and a password. A success is not recorded: Odoo caches successful checks, so
        # recording it would mean a write per RPC call; the failures of the account expire with the window.
        try:
            return super().check(db, uid, passwd)
        except AccessDenied as error:
            cls._telmico_auth_throttle(getattr(error, FAILED_LOGIN_ATTR, None), failed=True)
            raise

    @classmethod
    def _telmico_auth_throttle(cls, login, failed):
        """Record a failure (or forget the failures) of ``login`` in a transaction of its own.

        The attempt's transaction is rolled back with its AccessDenied, so the counter is written apart and
        committed at once. Two workers recording the same login at the same time serialize on its row; the
        loser of a serialization conflict simply tries again.
        """
        if not login:
            return
        address = request.httprequest.remote_addr if request else None
        for _attempt in range(5):
            try:
                with cls.pool.cursor() as cr:
                    throttle = api.Environment(cr, SUPERUSER_ID, {})["telmico.auth.login.throttle"]
                    if failed:
                        throttle._record_failure(login, address)
                    else:
                        throttle._record_success(login)
                return
            except (pg_errors.SerializationFailure, pg_errors.UniqueViolation):
                continue
        _logger.error("Could not record a login %s for %r", "failure" if failed else "success", login)
