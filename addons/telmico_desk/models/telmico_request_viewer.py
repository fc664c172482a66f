from datetime import timedelta

from odoo import api, fields, models

# a form pings every minute: an entry not renewed for two is a form closed without saying so
VIEWER_EXPIRY = timedelta(minutes=2)


class TelmicoRequestViewer(models.Model):
    """Who has a request open right now: a light presence entry, renewed every minute by the form."""

    _name = "telmico.request.viewer"
    _description = "Request viewer"

    request_id = fields.Many2one("telmico.request", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade")
    last_seen = fields.Datetime(required=True, default=fields.Datetime.now)

    _sql_constraints = [
        ("request_user_uniq", "unique(request_id, user_id)", "A user views a request once."),
    ]

    def _active(self, domain):
        """Entries renewed in the last two minutes: an older one is a form closed without saying so."""
        return self.search([*domain, ("last_seen", ">=", fields.Datetime.now() - VIEWER_EXPIRY)], order="last_seen, id")

    @api.autovacuum
    def _gc_expired(self):
        self.sudo().search([("last_seen", "<", fields.Datetime.now() - VIEWER_EXPIRY)]).unlink()
