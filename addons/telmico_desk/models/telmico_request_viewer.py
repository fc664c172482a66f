from datetime import timedelta

from odoo import api, fields, models

# a form pings every minute: an entry not renewed for two is a form closed without saying so
VIEWER_EXPIRY = timedelta(minutes=2)
VIEWERS = "telmico_desk/viewers"  # bus notification: who else has a request open


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

    @api.model
    def _enter(self, request):
        """The current user opened ``request`` (or is still on it): the others who have it open.

        The others hear of it over the bus when the user is new there, or back after they forgot them.
        """
        viewer = self.search([("request_id", "=", request.id), ("user_id", "=", self.env.uid)])
        now = fields.Datetime.now()
        back = not viewer or viewer.last_seen < now - VIEWER_EXPIRY
        if viewer:
            viewer.last_seen = now
        else:
            self.create({"request_id": request.id, "user_id": self.env.uid, "last_seen": now})
        if back:
            self._broadcast(request)
        return self._others(request, self.env.user)

    @api.model
    def _leave(self, request):
        """The current user closed ``request`` (or moved to another one): the others hear of it."""
        viewer = self.search([("request_id", "=", request.id), ("user_id", "=", self.env.uid)])
        if viewer:
            viewer.unlink()
            self._broadcast(request)

    @api.model
    def _active(self, request):
        """Entries of ``request`` renewed in the last two minutes: an older one is a form closed without saying so."""
        return self.search(
            [("request_id", "=", request.id), ("last_seen", ">=", fields.Datetime.now() - VIEWER_EXPIRY)],
            order="last_seen, id",
        )

    @api.model
    def _others(self, request, user):
        return [
            {"id": viewer.user_id.id, "name": viewer.user_id.name}
            for viewer in self._active(request)
            if viewer.user_id != user
        ]

    @api.model
    def _broadcast(self, request):
        """Send each viewer the list of the others (the viewer who just came or left is left out)."""
        for viewer in self._active(request).filtered(lambda v: v.user_id != self.env.user):
            viewer.user_id.partner_id._bus_send(
                VIEWERS, {"request_id": request.id, "viewers": self._others(request, viewer.user_id)}
            )

    @api.autovacuum
    def _gc_expired(self):
        # sudo: the autovacuum removes every user's expired presence
        self.sudo().search([("last_seen", "<", fields.Datetime.now() - VIEWER_EXPIRY)]).unlink()
