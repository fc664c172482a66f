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
    company_id = fields.Many2one(related="connection_id.company_id", store=True)

    _sql_constraints = [
        (
            "event_uniq",
            "unique(connection_id, external_call_id, event)",
            "This event of this call was already received.",
        ),
    ]
