from odoo import api, fields, models

OPEN_STATES = ("new", "in_progress", "pending")
# the client's e-mail for each event: (team field, shipped template used while the field is empty)
CLIENT_TEMPLATES = {
    "registered": ("mail_template_registered_id", "telmico_desk.mail_template_request_registered"),
    "pending": ("mail_template_pending_id", "telmico_desk.mail_template_request_pending"),
    "resolved": ("mail_template_resolved_id", "telmico_desk.mail_template_request_rating"),
    "closed": ("mail_template_closed_id", "telmico_desk.mail_template_request_closed"),
    "cancelled": ("mail_template_cancelled_id", "telmico_desk.mail_template_request_cancelled"),
}
MANAGER = "telmico_desk.group_desk_manager"


def _client_template(comodel, string, help="Empty: the shipped template."):
    """A team's own template of a client notification (mail or SMS), for administrators."""
    return fields.Many2one(
        comodel, string=string, domain=[("model", "=", "telmico.request")], groups=MANAGER, help=help
    )


class TelmicoDeskTeam(models.Model):
    """A front-office team: its members, its leader and the mailbox (alias) that feeds it requests."""

    _name = "telmico.desk.team"
    _inherit = ["mail.alias.mixin", "mail.thread", "telmico.assignment.mixin"]
    _description = "Desk team"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    leader_id = fields.Many2one("res.users", string="Team leader", tracking=True, domain=[("share", "=", False)])
    member_ids = fields.Many2many(
        "res.users",
        "telmico_desk_team_member_rel",
        "team_id",
        "user_id",
        string="Agents",
        domain=[("share", "=", False)],
    )
    intake = fields.Boolean(
        string="Intake team",
        groups=MANAGER,
        help="The team that receives what no rule routes: new requests get it by default, and its agents and "
        "leader see the requests of its company that are not routed to any team (every team leader sees those).",
    )
    assignment_method = fields.Selection(
        [("manual", "The leader distributes"), ("round_robin", "Round robin"), ("least_loaded", "Least loaded")],
        default="manual",
        required=True,
        tracking=True,
        help="Who gets a request that arrives without an agent (e-mail, personal cabinet, chat, routing rules): "
        "nobody (it waits in the leader's queue), the next agent in turn, or the agent with the fewest open "
        "requests. Agents on leave today are skipped.",
    )
    last_assigned_user_id = fields.Many2one("res.users", readonly=True, copy=False)
    request_ids = fields.One2many("telmico.request", "team_id", string="Requests")
    open_request_count = fields.Integer(compute="_compute_request_counts")
    unassigned_request_count = fields.Integer(compute="_compute_request_counts")
    # client notifications: an empty template means the shipped one (CLIENT_TEMPLATES)
    notify_client = fields.Boolean(
        string="Notify the client",
        default=True,
        help="E-mail the client when a request is registered, waits for them, is resolved, closed or cancelled; "
        "an SMS at registration to a client without e-mail who agreed to SMS.",
    )
    mail_template_registered_id = _client_template("mail.template", "Request registered")
    mail_template_pending_id = _client_template("mail.template", "Waiting for the client")
    mail_template_resolved_id = _client_template(
        "mail.template",
        "Request resolved",
        "Empty: the shipped template, which also asks the client to rate the resolution.",
    )
    mail_template_closed_id = _client_template("mail.template", "Request closed")
    mail_template_cancelled_id = _client_template("mail.template", "Request cancelled")
    sms_template_registered_id = _client_template("sms.template", "SMS: request registered")
    # Slack / Microsoft Teams channels and other systems told about the team's requests
    webhook_ids = fields.One2many("telmico.webhook", "team_id", string="Chats and webhooks", groups=MANAGER)

    def _compute_request_counts(self):
        Request = self.env["telmico.request"]
        domain = [("team_id", "in", self.ids), ("state", "in", OPEN_STATES)]
        open_counts = dict(Request._read_group(domain, ["team_id"], ["__count"]))
        unassigned = dict(Request._read_group([*domain, ("user_id", "=", False)], ["team_id"], ["__count"]))
        for team in self:
            team.open_request_count = open_counts.get(team, 0)
            team.unassigned_request_count = unassigned.get(team, 0)

    def _assignment_load(self, users):
        # sudo: the load counts every open request of the agents, whoever routes (only counts are read)
        return dict(
            self.env["telmico.request"]
            .sudo()
            ._read_group([("user_id", "in", users.ids), ("state", "in", OPEN_STATES)], ["user_id"], ["__count"])
        )

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("telmico.request")
        if self.id:
            values["alias_defaults"] = {"team_id": self.id}
        return values

    @api.model
    def _default_team(self):
        # sudo: whoever registers a request gets the intake team, a setting of the administrators
        intake = self.sudo().search([("intake", "=", True), ("company_id", "=", self.env.company.id)], limit=1)
        return (
            intake.sudo(False)
            or self.env.ref("telmico_desk.desk_team_support", raise_if_not_found=False)
            or self.search([], limit=1)
        )

    def action_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_desk.telmico_request_action")
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id, "search_default_open": 1}
        return action

    def _client_mail_template(self, event):
        """The e-mail template of ``event`` for the client: the team's choice, or the shipped one (also without team)."""
        field, xmlid = CLIENT_TEMPLATES[event]
        # sudo: the team's templates are its configuration, read for any user whose request notifies the client
        return self[:1].sudo()[field] or self.env.ref(xmlid, raise_if_not_found=False)

    def _client_sms_template(self):
        # sudo: as above, the team's configuration
        return self[:1].sudo().sms_template_registered_id or self.env.ref(
            "telmico_desk.sms_template_request_registered", raise_if_not_found=False
        )
