from datetime import timedelta

from odoo import api, fields, models, tools

# a session not extended for this long is over: the agent went idle, or closed the browser without saying so
IDLE_CUTOFF = timedelta(minutes=5)
SOURCES = [
    ("registration", "Registration"),
    ("chat", "Live chat"),
    ("open", "Request open"),
    ("take", "Take"),
    ("reply", "Message"),
    ("state", "Status change"),
]


def union_minutes(intervals):
    """Minutes covered by ``intervals`` (``(start, end)`` datetimes), each moment counted once."""
    total, current_start, current_end = 0.0, None, None
    for start, end in sorted(interval for interval in intervals if interval[1] > interval[0]):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += (current_end - current_start).total_seconds()
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += (current_end - current_start).total_seconds()
    return total / 60


class TelmicoRequestWorkSession(models.Model):
    """A stretch of time an agent worked on a request: the handling time, per agent, on every channel.

    A session starts when the agent opens the request (the form's presence ping), takes it, writes in its chatter
    or changes its status; each of these extends it while it is open; leaving the request or a status change that
    ends the work (pending, resolved, closed, cancelled) ends it, and so does idleness: a session not extended for
    ``IDLE_CUTOFF`` is over, the next activity starts another one. The registration at the desk is one session
    (the request's handling start to end, as timed by the registration form); a live chat turned into a request
    is one from the chat's start; an answered phone call linked to the request is one from answer to hang-up
    (telmico_callcenter). Sessions of one agent may overlap (the registration form is filled during the call):
    the request's handling time counts each agent's time once (``union_minutes`` per agent), summed over agents.
    """

    _name = "telmico.request.work.session"
    _description = "Handling time session"
    _order = "date_start desc, id desc"
    _rec_name = "request_id"

    request_id = fields.Many2one("telmico.request", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one("res.users", string="Agent", required=True, ondelete="cascade")
    date_start = fields.Datetime(string="Start", required=True)
    date_end = fields.Datetime(string="End", required=True)
    duration = fields.Float(string="Duration (minutes)", compute="_compute_duration", store=True, aggregator="sum")
    source = fields.Selection(SOURCES, string="Started by", required=True)
    ended = fields.Boolean(help="The agent left the request or ended the work: the next activity starts a session.")
    channel = fields.Selection(related="request_id.channel", store=True)
    team_id = fields.Many2one(related="request_id.team_id", store=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)

    def init(self):
        # the open session of an agent on a request (every ping looks for it), and the per-agent analysis
        tools.create_index(
            self.env.cr,
            "telmico_request_work_session_request_user_idx",
            self._table,
            ["request_id", "user_id", "date_end"],
            where="ended IS NOT TRUE",
        )
        tools.create_index(
            self.env.cr, "telmico_request_work_session_user_start_idx", self._table, ["user_id", "date_start"]
        )

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for session in self:
            seconds = (session.date_end - session.date_start).total_seconds() if session.date_end else 0
            session.duration = round(max(seconds, 0) / 60, 2)

    @api.model
    def _touch(self, requests, user, source, end=False, now=None):
        """``user`` works on ``requests`` now: extend their open sessions, or start new ones (not when ``end``);
        ``end`` closes them. Two queries and one write whatever the number of requests."""
        now = now or fields.Datetime.now()
        sessions = self.search(
            [
                ("request_id", "in", requests.ids),
                ("user_id", "=", user.id),
                ("ended", "=", False),
                ("date_end", ">=", now - IDLE_CUTOFF),
            ]
        )
        sessions.write({"date_end": now, "ended": True} if end else {"date_end": now})
        if end:
            return sessions
        missing = requests - sessions.request_id
        return sessions | self.create(
            [
                {"request_id": request.id, "user_id": user.id, "date_start": now, "date_end": now, "source": source}
                for request in missing
            ]
        )

    @api.model
    def _registration(self, requests, user=None):
        """The registration session of each request follows its handling start and end (the registration form's
        timer); made for ``user`` when the request has none yet (else only kept in step)."""
        sessions = self.search([("request_id", "in", requests.ids), ("source", "=", "registration")])
        by_request = {session.request_id: session for session in sessions}
        to_create = []
        for request in requests:
            start, end = request.handling_start, request.handling_end
            if not start or not end or end < start:
                continue
            session = by_request.get(request)
            if session:
                if (session.date_start, session.date_end) != (start, end):
                    session.write({"date_start": start, "date_end": end})
            elif user:
                to_create.append(
                    {
                        "request_id": request.id,
                        "user_id": user.id,
                        "date_start": start,
                        "date_end": end,
                        "source": "registration",
                        "ended": True,
                    }
                )
        return self.create(to_create)

    @api.model
    def _chat(self, requests, user, now=None):
        """A live chat turned into a request: the conversation so far (from its first message) was its handling."""
        now = now or fields.Datetime.now()
        to_create = []
        for request in requests:
            channel = request.livechat_channel_id
            first = self.env["mail.message"].search(
                [("model", "=", "discuss.channel"), ("res_id", "=", channel.id)], order="date, id", limit=1
            )
            start = min(filter(None, (first.date, channel.create_date, now)))
            to_create.append(
                {
                    "request_id": request.id,
                    "user_id": user.id,
                    "date_start": start,
                    "date_end": now,
                    "source": "chat",
                    "ended": True,
                }
            )
        return self.create(to_create)
