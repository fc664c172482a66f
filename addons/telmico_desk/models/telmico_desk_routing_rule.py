from markupsafe import Markup

from odoo import api, fields, models, tools

from .telmico_request import CHANNELS, PRIORITIES


def _split(text):
    """The comma-separated words of a condition, case-folded (Georgian has no case: kept as typed)."""
    return [word.strip().casefold() for word in (text or "").split(",") if word.strip()]


class TelmicoDeskRoutingRule(models.Model):
    """If a new request looks like this, give it to that team or agent, with this priority and these tags.

    Rules are tried in sequence on requests that arrive by themselves (e-mail, personal cabinet, chat,
    API) and on desk registrations left without a team; the first rule that matches wins, unless it says
    to go on with the next ones. Empty conditions match everything.
    """

    _name = "telmico.desk.routing.rule"
    _description = "Request routing rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    # conditions
    channel = fields.Selection(CHANNELS, help="Only requests arriving on this channel.")
    category_ids = fields.Many2many("telmico.request.category", string="Categories")
    service_template_ids = fields.Many2many(
        "telmico.service.template", string="Services", help="The request has a service of one of these kinds."
    )
    priority = fields.Selection(PRIORITIES, help="Only requests of this priority.")
    keywords = fields.Char(
        help="Comma-separated words or phrases; one of them in the subject or the text of the request is enough "
        "(case does not matter)."
    )
    segment_ids = fields.Many2many("telmico.client.segment", string="Client segments")
    district = fields.Char(
        help="Comma-separated districts; matched in the district and the address of the request's subscribers "
        "(the client's subscribers when the request names none)."
    )
    stop_processing = fields.Boolean(
        string="Stop here",
        default=True,
        help="When this rule matches, the next rules are not tried. Untick to let later rules add to it.",
    )
    # actions
    team_id = fields.Many2one("telmico.desk.team", string="Set team", check_company=True)
    user_id = fields.Many2one(
        "res.users",
        string="Assign to",
        domain=[("share", "=", False)],
        help="Given to this agent when the request has nobody yet; otherwise the team's assignment method applies.",
    )
    set_priority = fields.Selection(PRIORITIES)
    tag_ids = fields.Many2many("telmico.request.tag", string="Add tags")

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()  # the rules of each company (_rule_ids_of)
        return rules

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()  # the rules of each company (_rule_ids_of)
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # the rules of each company (_rule_ids_of)
        return result

    # ------------------------------------------------------------ business

    @api.model
    def _rules_for(self, company):
        # sudo: whoever brings the request (gateway, portal customer) is routed by the administrators' rules
        return self.sudo().browse(self._rule_ids_of(company.id))

    @tools.ormcache("company_id")
    def _rule_ids_of(self, company_id):
        """The active rules of a company, in their order: every request that arrives by itself is routed, and the
        rules change seldom (kept until a rule changes)."""
        # sudo: the rules route every request, whoever registers it (the gateway, a portal user)
        return tuple(self.sudo().with_context(active_test=True).search([("company_id", "=", company_id)]).ids)

    def _matches(self, request):
        """Whether the request meets every condition of the rule."""
        self.ensure_one()
        if self.channel and request.channel != self.channel:
            return False
        if self.category_ids and request.category_id not in self.category_ids:
            return False
        if self.service_template_ids and not request.service_ids.template_id & self.service_template_ids:
            return False
        if self.priority and request.priority != self.priority:
            return False
        if (
            self.segment_ids
            and not (request.partner_id.segment_id | request.partner_id.commercial_partner_id.segment_id)
            & self.segment_ids
        ):
            return False
        keywords = _split(self.keywords)
        if keywords:
            text = " ".join([request.subject or "", tools.html2plaintext(request.description or "")]).casefold()
            if not any(keyword in text for keyword in keywords):
                return False
        districts = _split(self.district)
        if districts:
            subscribers = request.subscriber_ids or request.partner_id.subscriber_ids
            places = " ".join(f"{s.district or ''} {s.address or ''}" for s in subscribers).casefold()
            if not any(district in places for district in districts):
                return False
        return True

    def _apply(self, request):
        """Do what the rule says on the request, and say so in its history."""
        self.ensure_one()
        vals = {}
        if self.team_id:
            vals["team_id"] = self.team_id.id
        if self.user_id and not request.user_id:
            vals["user_id"] = self.user_id.id
        if self.set_priority:
            vals["priority"] = self.set_priority
        if self.tag_ids - request.tag_ids:
            vals["tag_ids"] = [fields.Command.link(tag.id) for tag in self.tag_ids]
        if vals:
            request.write(vals)
        request.message_post(
            body=Markup("<p>%s</p>") % self.env._("Routed by the rule “%s”.", self.name),
            subtype_xmlid="mail.mt_note",
        )
