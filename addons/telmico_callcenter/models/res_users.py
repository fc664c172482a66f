from odoo import api, fields, models

AGENT_STATES = [
    ("offline", "Offline"),
    ("available", "Available"),
    ("on_call", "On a call"),
    ("after_call", "After-call work"),
    ("break", "Break"),
]


class ResUsers(models.Model):
    _inherit = "res.users"

    telmico_extension = fields.Char(
        string="Phone extension",
        index="btree_not_null",
        copy=False,
        help="The agent's extension on the telephony platform: its call events reach this user (screen pop, call log).",
    )
    telmico_agent_state = fields.Selection(
        AGENT_STATES,
        string="Agent state",
        default="offline",
        copy=False,
        help="Set by the agent on the Desk (available, break) and by the calls (on a call, after-call work).",
    )
    telmico_agent_state_since = fields.Datetime(string="Agent state since", copy=False)

    _sql_constraints = [
        ("telmico_extension_uniq", "unique(telmico_extension)", "Another user already has this phone extension."),
    ]

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "telmico_extension", "telmico_agent_state", "telmico_agent_state_since"]

    @api.model
    def _telmico_by_extension(self, extension):
        """The active internal user with phone extension ``extension``, or an empty recordset."""
        if not extension:
            return self.browse()
        # sudo: the telephony endpoint runs unauthenticated (HMAC-signed); only the extension is matched
        return self.sudo().search([("telmico_extension", "=", extension), ("share", "=", False)], limit=1)

    def _telmico_set_agent_state(self, state):
        """Record the agents' new state (and since when); an unchanged state keeps its start."""
        changed = self.filtered(lambda user: user.telmico_agent_state != state)
        changed.filtered(lambda user: user.telmico_agent_state == "after_call")._telmico_record_after_call()
        # sudo: an agent's state is set by the calls (the endpoint) and by the agent on their own Desk
        changed.sudo().write({"telmico_agent_state": state, "telmico_agent_state_since": fields.Datetime.now()})

    def _telmico_record_after_call(self):
        """The after-call work that ends now: its length goes on the agent's last answered call (statistics)."""
        now = fields.Datetime.now()
        Call = self.env["telmico.call"].sudo()  # sudo: the agent ends their after-call work; the call is read-only
        for user in self:
            call = Call.search(
                [("user_id", "=", user.id), ("state", "=", "done"), ("date_answered", "!=", False)],
                order="date_ended desc, id desc",
                limit=1,
            )
            since = user.telmico_agent_state_since
            if call and since and not call.after_call_seconds:
                call.after_call_seconds = max(0, int((now - max(since, call.date_ended)).total_seconds()))

    def action_telmico_available(self):
        """The agent is ready for calls (from the Desk: their own state only)."""
        self.env.user._telmico_set_agent_state("available")
        return True

    def action_telmico_break(self):
        self.env.user._telmico_set_agent_state("break")
        return True
