from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class TelmicoApiRate(models.Model):
    """Calls of an API key per minute, for its rate limit. Technical: counted in a transaction of its own."""

    _name = "telmico.api.rate"
    _description = "API calls per minute"
    _log_access = False

    key_id = fields.Many2one("telmico.api.key", required=True, ondelete="cascade")
    window_start = fields.Datetime(required=True)
    count = fields.Integer(required=True, default=0)

    _sql_constraints = [("key_window_uniq", "unique(key_id, window_start)", "One counter per key and minute.")]

    @api.model
    def _hit(self, key):
        """Count a call of ``key``; when it is over the key's limit, the seconds until the next minute, else 0.

        Counted in a transaction of its own (committed at once): a call that fails later still counts, and
        concurrent calls with the same key do not wait for each other's transactions. The key's last use is
        recorded there too, once a minute.
        """
        now = fields.Datetime.now()
        window = now.replace(second=0, microsecond=0)
        if not key.rate_limit and key.last_used and key.last_used >= window:
            return 0  # no limit to count against, and the last use already says this minute: no transaction
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "INSERT INTO telmico_api_rate (key_id, window_start, count) VALUES (%s, %s, 1) "
                    "ON CONFLICT (key_id, window_start) DO UPDATE SET count = telmico_api_rate.count + 1 "
                    "RETURNING count",
                    key.id,
                    window,
                )
            )
            count = cr.fetchone()[0]
            cr.execute(
                SQL(
                    "UPDATE telmico_api_key SET last_used = %s WHERE id = %s AND (last_used IS NULL OR last_used < %s)",
                    window,
                    key.id,
                    window,
                )
            )
        if key.rate_limit and count > key.rate_limit:
            return max(1, 60 - now.second)
        return 0

    @api.autovacuum
    def _gc_old_windows(self):
        self.search([("window_start", "<", fields.Datetime.now() - timedelta(hours=1))]).unlink()
