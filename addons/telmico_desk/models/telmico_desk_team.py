from odoo import api, fields, models

OPEN_STATES = ("new", "in_progress", "pending")


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
        return self.env.ref("telmico_desk.desk_team_support", raise_if_not_found=False) or self.search([], limit=1)

    def action_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_desk.telmico_request_action")
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id, "search_default_open": 1}
        return action
