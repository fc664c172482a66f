from odoo import fields, models
from odoo.tools import SQL

from .telmico_call import DISPOSITIONS
from .telmico_callcenter_wallboard import DEFAULT_SERVICE_LEVEL_SECONDS, HOME_TZ, SERVICE_LEVEL_PARAM

FCR_DAYS = 7


class TelmicoCallReport(models.Model):
    """Call statistics (pivot / graph): the call log with first-call resolution, read from the database at once.

    Service level: the share of ended inbound calls answered within the threshold (system parameter
    ``telmico_callcenter.service_level_seconds``, as on the wallboard), by the Tbilisi hour of day the call rang in.

    First-call resolution: an answered inbound call from a known client is resolved at the first call when the
    client has no new request within ``FCR_DAYS`` days after it (the request the call itself produced aside).
    """

    _name = "telmico.call.report"
    _description = "Call statistics"
    _auto = False
    _order = "date_ringing desc"
    _rec_name = "call_id"

    call_id = fields.Many2one("telmico.call", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    connection_id = fields.Many2one("telmico.callcenter.connection", readonly=True)
    direction = fields.Selection([("incoming", "Incoming"), ("outgoing", "Outgoing")], readonly=True)
    disposition = fields.Selection(DISPOSITIONS, readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    queue = fields.Char(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    date_ringing = fields.Datetime(string="Ringing", readonly=True)
    hour = fields.Selection(
        [(f"{hour:02d}", f"{hour:02d}:00") for hour in range(24)],
        string="Hour of day",
        readonly=True,
        help="The hour (Tbilisi time) the call rang in.",
    )
    sl_call_count = fields.Integer(
        string="Calls counted for service level",
        aggregator="sum",
        readonly=True,
        help="Inbound calls that ended: answered, missed or abandoned.",
    )
    sl_within_count = fields.Integer(
        string="Answered within the threshold",
        aggregator="sum",
        readonly=True,
        help="Counted calls answered after a wait no longer than the service level threshold.",
    )
    service_level = fields.Float(
        string="Service level (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the counted calls answered within the threshold (system parameter "
        "telmico_callcenter.service_level_seconds, 20 s by default).",
    )
    wait_seconds = fields.Integer(string="Wait (s)", aggregator="avg", readonly=True)
    talk_seconds = fields.Integer(string="Talk (s)", aggregator="avg", readonly=True)
    after_call_seconds = fields.Integer(string="After-call work (s)", aggregator="avg", readonly=True)
    fcr_call_count = fields.Integer(
        string="Calls counted for FCR", aggregator="sum", readonly=True, help="Answered inbound calls of known clients."
    )
    fcr_resolved_count = fields.Integer(
        string="Resolved at first call",
        aggregator="sum",
        readonly=True,
        help=f"Counted calls whose client made no new request within {FCR_DAYS} days.",
    )
    fcr_rate = fields.Float(
        string="First-call resolution (%)",
        aggregator="avg",
        readonly=True,
        help=f"Share of the counted calls whose client made no new request within {FCR_DAYS} days.",
    )

    @property
    def _table_query(self):
        # sudo: the threshold is a setting of the call centre, read for anyone who may read the statistics
        threshold = int(
            self.env["ir.config_parameter"].sudo().get_param(SERVICE_LEVEL_PARAM, DEFAULT_SERVICE_LEVEL_SECONDS)
        )
        counted = SQL("c.direction = 'incoming' AND c.disposition IS NOT NULL")
        within = SQL("c.disposition = 'answered' AND c.wait_seconds <= %s", threshold)
        eligible = SQL("c.disposition = 'answered' AND c.direction = 'incoming' AND c.partner_id IS NOT NULL")
        repeat = SQL(
            """EXISTS (
                SELECT 1 FROM telmico_request r
                 WHERE r.partner_id = c.partner_id
                   AND r.create_date > COALESCE(c.date_ended, c.date_answered)
                   AND r.create_date <= COALESCE(c.date_ended, c.date_answered) + make_interval(days => %s)
                   AND r.id IS DISTINCT FROM c.request_id
            )""",
            FCR_DAYS,
        )
        return SQL(
            """
            SELECT c.id, c.id AS call_id, c.company_id, c.connection_id, c.direction, c.disposition, c.user_id,
                   c.queue, c.partner_id, c.date_ringing, c.wait_seconds, c.talk_seconds, c.after_call_seconds,
                   TO_CHAR(c.date_ringing AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s, 'HH24') AS hour,
                   CASE WHEN %(counted)s THEN 1 ELSE 0 END AS sl_call_count,
                   CASE WHEN %(counted)s AND %(within)s THEN 1 ELSE 0 END AS sl_within_count,
                   CASE WHEN %(counted)s THEN (CASE WHEN %(within)s THEN 100.0 ELSE 0.0 END) END AS service_level,
                   CASE WHEN %(eligible)s THEN 1 ELSE 0 END AS fcr_call_count,
                   CASE WHEN %(eligible)s AND NOT %(repeat)s THEN 1 ELSE 0 END AS fcr_resolved_count,
                   CASE WHEN %(eligible)s THEN (CASE WHEN %(repeat)s THEN 0.0 ELSE 100.0 END) END AS fcr_rate
              FROM telmico_call c
            """,
            tz=HOME_TZ,
            counted=counted,
            within=within,
            eligible=eligible,
            repeat=repeat,
        )
