from odoo import fields, models

from ..tools.call_event import EVENTS


class TelmicoCallcenterEvent(models.Model):
    """One call event received from a platform, kept as received: the call is rebuilt from its events.

    The unique key (connection, call id, event) makes every event count once: a platform resending it
    (a retry, a replay within the signature window) changes nothing.
    """

    _name = "telmico.callcenter.event"
    _description = "Call event"
    _order = "timestamp desc, id desc"
    _rec_name = "event"

    connection_id = fields.Many2one("telmico.callcenter.connection", required=True, ondelete="cascade", index=True)
    call_id = fields.Many2one("telmico.call", required=True, ondelete="cascade", index=True)
    external_call_id = fields.Char(string="Call id", required=True)
    event = fields.Selection([(event, event.capitalize()) for event in EVENTS], required=True)
    timestamp = fields.Datetime(required=True, help="When the event happened on the platform.")
    direction = fields.Selection([("incoming", "Incoming"), ("outgoing", "Outgoing")])
    caller = fields.Char()
    called = fields.Char()
    extension = fields.Char()
    queue = fields.Char()
    ivr_choice = fields.Char(string="IVR choice")
    recording_url = fields.Char(string="Recording URL")
    payload = fields.Text(help="The JSON body received.")
    warning = fields.Char(help="What could not be matched (an unknown extension, a withheld number, ...).")
    reconciled = fields.Boolean(
        readonly=True,
        help="Inferred at a reconnection from the platform's live channels, not received: the real event, if it "
        "arrives later, replaces it.",
    )
    company_id = fields.Many2one(related="connection_id.company_id", store=True)

    _sql_constraints = [
        (
            "event_uniq",
            "unique(connection_id, external_call_id, event)",
            "This event of this call was already received.",
        ),
    ]

    def _rebuild_call(self, agent_before, state_before):
        """This event was just recorded: rebuild its call, its callback, its agent's state, and pop the call on the
        agent's screen when it rings for them. Returns the event."""
        self.ensure_one()
        call = self.call_id
        call._apply_events()
        warnings = call._event_warnings(self)
        if warnings:
            self.warning = ", ".join(warnings)
        call._sync_callback()
        call._sync_agent_state(agent_before, state_before)
        rings = self.event == "ringing" or (self.event == "transferred" and call.user_id != agent_before)
        if rings and call.state != "done" and call.user_id:
            call._screen_pop()
        return self
