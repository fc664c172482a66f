import logging
import re
from collections import defaultdict

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.addons.telmico_client_card.tools.phone import normalize_phone
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from .telmico_request_work_session import IDLE_CUTOFF, union_minutes
from .telmico_subscriber import ADDRESS_LEVELS
from .telmico_webhook import iso_utc

_logger = logging.getLogger(__name__)

STATES = [
    ("draft", "Registering"),
    ("new", "New"),
    ("in_progress", "In progress"),
    ("pending", "Pending"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("new", "in_progress", "pending")
# channels on which requests arrive by themselves: routing rules and automatic assignment apply
ARRIVAL_CHANNELS = ("email", "chat", "messenger", "portal", "api")
CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("chat", "Chat"),
    ("messenger", "Messenger"),
    ("portal", "Personal cabinet"),
    ("walk_in", "Walk-in"),
    ("letter", "Letter"),
    ("api", "API"),
]
PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Urgent")]
OUTGOING_KINDS = [("email", "E-mail"), ("sms", "SMS"), ("call", "Call"), ("letter", "Paper letter")]
# which state may follow which: anything else is refused with a clear message
TRANSITIONS = {
    "new": ("draft", "pending", "in_progress"),
    "in_progress": ("new", "pending", "resolved", "closed", "cancelled"),
    "pending": ("new", "in_progress"),
    "resolved": ("new", "in_progress", "pending"),
    "closed": ("new", "in_progress", "pending", "resolved"),
    "cancelled": ("draft", "new", "in_progress", "pending"),
}
DESK_FIELDS = {"state", "user_id", "team_id", "priority", "partner_id", "interrupted"}
# a write of these fields is a "request.updated" event for the webhooks
WEBHOOK_FIELDS = {"state", "user_id", "team_id", "priority", "partner_id", "subject", "category_id", "subscriber_ids"}
# the status changes the client hears about by e-mail (the resolution: see action_resolve, it carries the rating)
CLIENT_NOTIFY_STATES = ("pending", "closed", "cancelled")
# precommit data: the requests registered in this transaction, to acknowledge to their clients
REGISTERED_KEY = "telmico_desk.notify.registered"
MATCH_LIMIT = 20  # clients shown at first, and added by each "Show more"
MATCH_MAX = 200  # beyond, the operator refines the search
MATCH_COUNT_LIMIT = 1000  # the count of clients found stops there ("1000+")
ADDRESS_SUBSCRIBERS = 200  # the subscribers at a picked address whose clients are listed
SLA_STATES = [
    ("none", "No SLA"),
    ("on_track", "On track"),
    ("at_risk", "At risk"),
    ("breached", "Breached"),
    ("met", "Met"),
]
# the states in which the SLA clock runs, and those in which it is stopped (time added back on return)
RUNNING_STATES = ("new", "in_progress")
STOPPED_STATES = ("pending", "resolved", "closed", "cancelled")
# a change of any of these re-chooses the policy of an open request
SLA_ROUTING_FIELDS = {"team_id", "priority", "category_id", "channel", "partner_id", "company_id"}
# the client is in front of the agent (or on the line) while the request is registered: that is the first answer;
# so is the contact of an outgoing request
LIVE_CHANNELS = ("phone", "walk_in")
# the states in which an agent looking at the request is working on it (handling time), and those a status change
# keeps the agent at work in (the others end the agent's session)
VIEWED_WORK_STATES = ("new", "in_progress", "pending")
WORKING_STATES = ("new", "in_progress")
# the services a request cannot be resolved with
OPEN_SERVICE_STATES = ("draft", "to_approve", "in_progress", "waiting")


class TelmicoRequest(models.Model):
    """A customer contact on any channel (მომართვა): the ticket the front office works on.

    Service level: the policy it follows, its deadlines in working hours and how it stands. The clock
    starts at the registration and stops while the request waits for the client (Pending) or is resolved;
    the working hours it was stopped are added to the deadlines when work resumes. ``sla_state`` depends
    on the current time, so it is stored and kept up to date by the SLA cron (and on state changes).
    """

    _name = "telmico.request"
    _inherit = ["portal.mixin", "mail.thread.cc", "mail.activity.mixin", "rating.mixin"]
    _description = "Request"
    _order = "priority desc, id desc"
    _primary_email = "email_from"
    _mail_post_access = "read"  # a customer who may read the request may also reply to it (portal chatter)
    _rec_names_search = ["name", "subject"]

    # indexed: for each new mail the gateway counts the sender's requests created in the last two hours (Odoo's loop
    # guard, _detect_loop_sender); without an index that reads every request (3 s per mail at 5 million)
    create_date = fields.Datetime(string="Created on", readonly=True, index=True)
    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    subject = fields.Char(tracking=True, index="trigram")
    description = fields.Html()
    direction = fields.Selection(
        [("incoming", "Incoming"), ("outgoing", "Outgoing")], required=True, default="incoming", tracking=True
    )
    channel = fields.Selection(CHANNELS, required=True, default="walk_in", tracking=True, index=True)
    outgoing_kind = fields.Selection(OUTGOING_KINDS, string="Contact by", default="call")
    outgoing_body = fields.Text(string="Message", help="The e-mail or SMS sent to the client at registration.")
    state = fields.Selection(STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    priority = fields.Selection(PRIORITIES, default="1", required=True, tracking=True)  # indexed with id: init()
    team_id = fields.Many2one(
        "telmico.desk.team",
        tracking=True,
        index=True,
        default=lambda self: self.env["telmico.desk.team"]._default_team(),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned to",
        tracking=True,
        index="btree_not_null",
        domain=[("share", "=", False)],
    )
    partner_id = fields.Many2one("res.partner", string="Client", tracking=True, index="btree_not_null")
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id", store=True, index=True)
    email_from = fields.Char(string="E-mail", compute="_compute_partner_contact", store=True, readonly=False)
    partner_phone = fields.Char(related="partner_id.mobile", string="Mobile")
    attention_message = fields.Html(related="partner_id.attention_message")
    subscriber_ids = fields.Many2many("telmico.subscriber", string="Subscribers")
    partner_subscriber_ids = fields.Many2many(related="partner_id.subscriber_ids", string="Client's subscribers")
    service_ids = fields.One2many("telmico.service", "request_id", string="Services")
    service_count = fields.Integer(compute="_compute_service_count")
    # kept with the request: every message posted on it (each mail the gateway receives) checks it
    service_waiting = fields.Boolean(
        string="A service waits for the client",
        compute="_compute_service_waiting",
        store=True,
        help="One of the request's services is waiting for the client's answer: the client's next message ends the "
        "wait.",
    )
    offer_line_ids = fields.Many2many(
        "telmico.service.action.line",
        string="Services to offer",
        compute="_compute_offer_line_ids",
        help="The hints of the request's services that offer another service the client does not have on it yet.",
    )
    category_id = fields.Many2one("telmico.request.category", tracking=True, index="btree_not_null")
    tag_ids = fields.Many2many("telmico.request.tag", string="Tags")
    ted_number = fields.Char(string="TED document", tracking=True, index="btree_not_null")
    handling_start = fields.Datetime(
        default=fields.Datetime.now, copy=False, readonly=True, help="When the operator started the registration."
    )
    handling_end = fields.Datetime(copy=False, readonly=True, help="When the request was registered.")
    handling_minutes = fields.Float(
        string="Handling time (minutes)",
        compute="_compute_handling_minutes",
        store=True,
        aggregator="avg",
        help="The time agents worked on the request: its work sessions (registration, live chat, phone calls, the "
        "request open, messages, status changes), each agent's overlapping time counted once, summed over agents.",
    )
    work_session_ids = fields.One2many("telmico.request.work.session", "request_id", string="Work sessions")
    date_registered = fields.Datetime(readonly=True, copy=False, index=True)
    date_resolved = fields.Datetime(readonly=True, copy=False)
    date_closed = fields.Datetime(readonly=True, copy=False)
    reopen_count = fields.Integer(readonly=True, copy=False)
    interrupted = fields.Boolean(
        copy=False, index=True, help="The registration was started and abandoned; kept for statistics."
    )
    livechat_channel_id = fields.Many2one(
        "discuss.channel", string="Chat", readonly=True, copy=False, index="btree_not_null"
    )
    client_query = fields.Char(
        string="Find client", store=False, help="Personal or company number, phone, subscriber, meter, e-mail or name."
    )
    # the address pickers of the registration (district → street → building → apartment): not stored, a search
    address_district = fields.Char(string="District", store=False)
    address_street = fields.Char(string="Street", store=False)
    address_building = fields.Char(string="Building", store=False)
    address_apartment = fields.Char(string="Apartment", store=False)
    client_match_ids = fields.One2many("telmico.request.client.match", "request_id", string="Clients found")
    client_match_count = fields.Integer(
        string="Clients found (count)", store=False, help="How many clients the search finds (up to 1000)."
    )
    client_match_limit = fields.Integer(string="Clients shown", store=False)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True, index=True)
    # indexed: the agents' record rule and the Desk's interrupted registrations look requests up by their author
    create_uid = fields.Many2one("res.users", string="Created by", readonly=True, index=True)
    related_request_ids = fields.Many2many(
        "telmico.request",
        "telmico_request_link_rel",
        "request_id",
        "related_id",
        string="Related requests",
        help="Requests about the same matter; the link shows on both.",
    )
    merged_into_id = fields.Many2one(
        "telmico.request", string="Merged into", readonly=True, copy=False, index="btree_not_null"
    )
    collaborator_ids = fields.Many2many(
        "res.users",
        "telmico_request_collaborator_rel",
        "request_id",
        "user_id",
        string="Collaborators",
        domain=[("share", "=", False)],
        help="Colleagues who help with the request: they follow it and may read and edit it.",
    )
    discuss_channel_id = fields.Many2one("discuss.channel", string="Discussion", readonly=True, copy=False)
    sla_id = fields.Many2one(
        "telmico.desk.sla", string="SLA policy", readonly=True, copy=False, tracking=True, index="btree_not_null"
    )
    date_first_response = fields.Datetime(
        string="First response", readonly=True, copy=False, help="The first public answer of an agent to the client."
    )
    sla_response_deadline = fields.Datetime(string="Response deadline", readonly=True, copy=False, index=True)
    sla_resolution_deadline = fields.Datetime(string="Resolution deadline", readonly=True, copy=False, index=True)
    sla_paused_hours = fields.Float(
        string="SLA paused (working hours)",
        readonly=True,
        copy=False,
        help="Working hours the request waited for the client (or stayed resolved before a reopening).",
    )
    sla_paused_since = fields.Datetime(readonly=True, copy=False)
    sla_state = fields.Selection(SLA_STATES, default="none", required=True, readonly=True, copy=False, index=True)
    sla_label = fields.Char(
        string="SLA", compute="_compute_sla_label", help="The SLA state, and for a breach which deadline was missed."
    )
    sla_next_check = fields.Datetime(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the SLA state may change next (warning, deadline, escalation): what the SLA cron looks for.",
    )
    sla_warned = fields.Boolean(readonly=True, copy=False)
    # registered by the mail gateway, the client's acknowledgement not sent yet (see _cron_acknowledge)
    ack_pending = fields.Boolean(string="Acknowledgement pending", readonly=True, copy=False)
    sla_escalation_level = fields.Integer(
        readonly=True, copy=False, help="0: not escalated, 1: told the team leader, 2: told the manager."
    )

    def init(self):
        # the lists' order (priority desc, id desc): read in that order from the index, the first page of a list
        # stops after its rows instead of sorting every request of a priority; serves priority filters as well
        tools.create_index(self.env.cr, "telmico_request_priority_id_index", self._table, ["priority", "id"])
        # the acknowledgement cron reads the few pending requests among millions
        tools.create_index(
            self.env.cr, "telmico_request_ack_pending_index", self._table, ["id"], where="ack_pending IS TRUE"
        )

    # ----------------------------------------------------------- computes

    @api.depends("partner_id")
    def _compute_partner_contact(self):
        for request in self:
            if request.partner_id.email:
                request.email_from = request.partner_id.email

    @api.depends("work_session_ids.date_start", "work_session_ids.date_end", "work_session_ids.user_id")
    def _compute_handling_minutes(self):
        for request in self:
            by_agent = defaultdict(list)
            for session in request.work_session_ids:
                by_agent[session.user_id].append((session.date_start, session.date_end))
            request.handling_minutes = round(sum(union_minutes(spans) for spans in by_agent.values()), 2)

    @api.depends("service_ids.state")
    def _compute_service_waiting(self):
        for request in self:
            request.service_waiting = "waiting" in request.service_ids.mapped("state")

    @api.depends(
        "service_ids.state",
        "service_ids.template_id",
        "service_ids.action_line_ids.suggested_template_id",
        "service_ids.action_line_ids.offered_service_id",
    )
    def _compute_offer_line_ids(self):
        for request in self:
            services = request.service_ids.filtered(lambda s: s.state != "cancelled")
            request.offer_line_ids = services.action_line_ids.filtered(
                lambda line, services=services: (
                    line.kind == "hint"
                    and line.suggested_template_id
                    and not line.offered_service_id
                    and line.suggested_template_id not in services.template_id
                )
            )

    @api.depends(
        "sla_state", "sla_response_deadline", "sla_resolution_deadline", "date_resolved", "sla_paused_since", "state"
    )
    def _compute_sla_label(self):
        labels = dict(self._fields["sla_state"]._description_selection(self.env))
        now = fields.Datetime.now()
        for request in self:
            label = labels[request.sla_state] if request.sla_state != "none" else False
            if request.sla_state == "breached":
                # as _sla_evaluate: the clock stops at the resolution, or while the request waits
                if request.state in ("resolved", "closed") and request.date_resolved:
                    clock = request.date_resolved
                elif request.state in STOPPED_STATES and request.sla_paused_since:
                    clock = request.sla_paused_since
                else:
                    clock = now
                resolution = request.sla_resolution_deadline
                if resolution and clock >= resolution:
                    label = self.env._("Resolution deadline missed")
                elif request.sla_response_deadline:
                    label = self.env._("Response deadline missed")
            request.sla_label = label

    def _compute_rating_last_value(self):
        """A request whose ratings are known to be none (one just registered: the cache holds its empty ratings) is
        rated 0 without asking the database (rating.mixin runs a query for each new request, e.g. each new mail)."""
        field = self._fields["rating_ids"]
        unrated = self.filtered(lambda r: r.id and self.env.cache.contains(r, field) and not r.rating_ids)
        unrated.rating_last_value = 0
        return super(TelmicoRequest, self - unrated)._compute_rating_last_value()

    def _compute_service_count(self):
        counts = dict(
            self.env["telmico.service"]._read_group([("request_id", "in", self.ids)], ["request_id"], ["__count"])
        )
        for request in self:
            request.service_count = counts.get(request, 0)

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for request in self:
            request.display_name = f"{request.name} {request.subject}" if request.subject else request.name

    def _compute_access_url(self):
        for request in self:
            request.access_url = f"/my/requests/{request.id}"

    # ----------------------------------------------------- onchanges

    @api.onchange("client_query")
    def _onchange_client_query(self):
        """Search clients by any card criterion and list them with their subscribers."""
        if not self.client_query or not self.client_query.strip():
            return
        self.client_match_limit = MATCH_LIMIT
        self._find_client_matches()
        if len(self.client_match_ids) == 1 and not self.partner_id:
            self.partner_id = self.client_match_ids.partner_id

    @api.onchange("client_match_limit")
    def _onchange_client_match_limit(self):
        """ "Show more": the next clients of the same search."""
        shown = len(self.client_match_ids)
        if self.client_query and shown < min(self.client_match_limit, self.client_match_count):
            self._find_client_matches()

    @api.onchange("client_match_ids")
    def _onchange_client_match_ids(self):
        """The operator chose a client in the table: the request takes it, the table makes room for what follows."""
        chosen = self.client_match_ids.filtered("chosen")[:1]
        if not chosen:
            return
        self.partner_id = chosen.partner_id
        self._onchange_partner_id()
        self.client_match_ids = [Command.clear()]
        self.client_match_count = 0

    def _find_client_matches(self):
        """Fill the match table: exact identifier hits first, then the other clients found, and their count."""
        query = self.client_query.strip()
        limit = min(max(self.client_match_limit, MATCH_LIMIT), MATCH_MAX)
        Partner = self.env["res.partner"]
        not_ours = [("is_own_company", "=", False)]
        exact_domain = self._client_exact_domain(query)
        exact = Partner.search(expression.AND([exact_domain, not_ours]), limit=limit) if exact_domain else Partner
        domain = expression.AND([[("client_search", "ilike", query)], not_ours])
        others = (
            Partner.search(expression.AND([domain, [("id", "not in", exact.ids)]]), limit=limit - len(exact))
            if len(exact) < limit
            else Partner
        )
        count = Partner.search_count(domain, limit=MATCH_COUNT_LIMIT)
        self.client_match_count = max(count, len(exact) + len(others))
        self.client_match_ids = [Command.clear()] + [
            Command.create({"partner_id": partner.id, "sequence": index, "exact": partner in exact})
            for index, partner in enumerate(exact | others)
        ]

    @api.model
    def _client_exact_domain(self, query):
        """Clients whose identifier is exactly the typed text: subscriber number, personal number, company ID, phone.

        Empty when the text is not an identifier (a name, an address, an e-mail).
        """
        if not re.fullmatch(r"[\d\s\-+().]+", query):
            return []
        digits = re.sub(r"\D", "", query)
        domains = []
        if len(digits) == 11:
            domains.append([("personal_number", "=", digits)])
        if len(digits) == 9:
            domains.append([("company_registry", "=", digits)])
        phone = normalize_phone(query)
        if phone:
            domains += [[("mobile", "=", phone)], [("phone", "=", phone)]]
        subscribers = self.env["telmico.subscriber"].search([("number", "=", digits)], limit=50) if digits else None
        if subscribers:
            partners = self.env["telmico.subscriber.link"].search([("subscriber_id", "in", subscribers.ids)]).partner_id
            domains.append([("id", "in", partners.ids)])
        return expression.OR(domains) if domains else []

    @api.onchange("address_district")
    def _onchange_address_district(self):
        self._address_picked("district")

    @api.onchange("address_street")
    def _onchange_address_street(self):
        self._address_picked("street")

    @api.onchange("address_building")
    def _onchange_address_building(self):
        self._address_picked("building")

    @api.onchange("address_apartment")
    def _onchange_address_apartment(self):
        self._address_picked("apartment")

    def _address_picked(self, level):
        """An address level was picked: the levels below it that no subscriber has with it are cleared, and from the
        street on the clients of the subscribers at the address are listed (the one client chosen when alone)."""
        Subscriber = self.env["telmico.subscriber"]
        picked = {name: self[f"address_{name}"] for name in ADDRESS_LEVELS}
        if not Subscriber.search_count(Subscriber._address_domain(picked), limit=1):
            for lower in ADDRESS_LEVELS[ADDRESS_LEVELS.index(level) + 1 :]:
                picked[lower] = False
                self[f"address_{lower}"] = False
        if not picked["street"]:
            return  # a district has too many clients to list: its street first
        domain = Subscriber._address_domain(picked)
        subscribers = Subscriber.search(domain, limit=ADDRESS_SUBSCRIBERS)
        links = self.env["telmico.subscriber.link"].search([("subscriber_id", "in", subscribers.ids)])
        partners = links.partner_id.filtered(lambda p: not p.is_own_company).sorted("complete_name")[:MATCH_LIMIT]
        self.client_match_ids = [Command.clear()] + [
            Command.create({"partner_id": partner.id, "sequence": index}) for index, partner in enumerate(partners)
        ]
        if len(partners) == 1 and not self.partner_id:
            self.partner_id = partners
            self.subscriber_ids = subscribers & partners.subscriber_ids

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        subscribers = self.partner_id.subscriber_ids
        # in a form the chosen subscribers are new records wrapping the real ones (_origin)
        self.subscriber_ids = subscribers if len(subscribers) == 1 else self.subscriber_ids._origin & subscribers

    @api.constrains("subscriber_ids", "partner_id")
    def _check_subscribers(self):
        for request in self.filtered("subscriber_ids"):
            # a contact of a company may ask about the company's subscribers (personal cabinet)
            linked = request.partner_id.subscriber_ids | request.partner_id.commercial_partner_id.subscriber_ids
            if request.partner_id and request.subscriber_ids - linked:
                raise ValidationError(
                    self.env._(
                        "Request %(request)s: subscriber %(subscriber)s is not linked to the client %(client)s.",
                        request=request.name,
                        subscriber=", ".join((request.subscriber_ids - linked).mapped("number")),
                        client=request.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                vals.setdefault("date_registered", now)
                vals.setdefault("handling_end", now)
                if not vals.get("name") or vals["name"] == self.env._("New"):
                    vals["name"] = self.env["ir.sequence"]._telmico_next_by_code("telmico.request") or "/"
        requests = super().create(vals_list)
        requests.filtered(lambda r: r.state != "draft").client_match_ids.unlink()
        if not self.env.context.get("telmico_defer_routing"):
            requests.filtered(lambda r: r.state != "draft" and r.channel in ARRIVAL_CHANNELS)._route()
        requests._notify_desk()
        requests._link_back(self.browse())
        requests._subscribe_collaborators()
        registered = requests.filtered(lambda r: r.state != "draft")
        registered._notify_registered()
        requests._name_chat_after_client()
        if registered:
            # sudo: SLA bookkeeping is the system's; a customer opening a request in the portal triggers it too
            registered.sudo()._sla_start(fields.Datetime.now())
        requests._work_created()
        return requests

    def write(self, vals):
        now = fields.Datetime.now()
        sla_before = (
            {request.id: (request.state, request.date_registered) for request in self}
            if {"state", "date_registered"} & set(vals) or SLA_ROUTING_FIELDS & set(vals)
            else None
        )
        if "state" in vals:
            for request in self:
                if request.state != vals["state"] and request.state not in TRANSITIONS.get(vals["state"], ()):
                    raise UserError(
                        self.env._(
                            "%(request)s cannot go from %(old)s to %(new)s.",
                            request=request.name,
                            old=dict(self._fields["state"]._description_selection(self.env))[request.state],
                            new=dict(self._fields["state"]._description_selection(self.env))[vals["state"]],
                        )
                    )
        desk_before = self._desk_audience() if DESK_FIELDS & set(vals) else None
        links_before = {r: r.related_request_ids for r in self} if "related_request_ids" in vals else None
        drafts = self.filtered(lambda r: r.state == "draft") if "state" in vals else self.browse()
        old_users = {request.id: request.user_id for request in self} if vals.get("user_id") else {}
        worked = self - drafts if "state" in vals else self.browse()
        result = super().write(vals)
        if desk_before is not None:
            self._notify_desk(extra_users=desk_before)
        if links_before is not None and not self.env.context.get("telmico_link_sync"):
            for request, before in links_before.items():
                request._link_back(before)
        if "collaborator_ids" in vals:
            self._subscribe_collaborators()
        drafts.filtered(lambda r: r.state != "draft")._notify_registered()
        if WEBHOOK_FIELDS & set(vals):
            self.env["telmico.webhook"]._event("request.updated", self.filtered(lambda r: r.state != "draft") - drafts)
        if vals.get("state") == "resolved":
            self.env["telmico.webhook"]._event("request.resolved", self)
        if old_users:
            self.filtered(lambda r: r.state != "draft" and r.user_id != old_users[r.id])._notify_assigned()
        if vals.get("partner_id"):
            self._name_chat_after_client()
        if sla_before is not None:
            self.sudo()._sla_after_write(vals, sla_before, now)  # sudo: SLA bookkeeping is the system's
        if worked:
            # a status change is work; pending, resolved, closed or cancelled ends it
            worked._work_touch("state", end=vals["state"] not in WORKING_STATES)
        if {"handling_start", "handling_end"} & set(vals):
            # sudo: handling time is the system's bookkeeping (agents only read their sessions)
            self.env["telmico.request.work.session"].sudo()._registration(self)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(request.state != "draft" for request in self):
            raise UserError(
                self.env._("Registered requests are part of the client's history: cancel them instead of deleting.")
            )

    # ------------------------------------------------------- mail gateway

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A new e-mail to a team's address: a request on the e-mail channel from the sender.

        The sender is matched to a client by address. An unknown sender becomes a new contact whose identity is not
        confirmed yet, made right after this transaction by the cron that acknowledges the request
        (``_cron_acknowledge``, see ``_identify_sender``): the MTA waits for this transaction, and the request and
        the message are all it must keep. A delivery report makes no contact (a mail server is nobody's contact)
        and is not acknowledged. Attachments are posted by the gateway with the message.
        """
        values = dict(custom_values or {})
        email_from = msg_dict.get("email_from") or ""
        partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
        # mail.thread would use the subject as the name: the number comes from the sequence
        values["name"] = self.env["ir.sequence"]._telmico_next_by_code("telmico.request") or "/"
        values.setdefault("subject", (msg_dict.get("subject") or "").strip()[:250] or self.env._("(no subject)"))
        values.setdefault("channel", "email")
        values.setdefault("state", "new")
        values.setdefault("partner_id", partner.id or False)
        values.setdefault("email_from", email_from)
        values.setdefault("description", msg_dict.get("body") or False)
        values.setdefault("handling_start", fields.Datetime.now())
        # acknowledged (an unknown sender's contact made first) by a cron right after the commit: the MTA waits for
        # this transaction (see _cron_acknowledge)
        values.setdefault("ack_pending", not msg_dict.get("is_bounce"))
        values.setdefault("email_cc", ", ".join(self._mail_cc_sanitized_raw_dict(msg_dict.get("cc")).values()))
        # What mail.thread(.cc).message_new would do, without describing every field of the model first
        # (fields_get, a tenth of the time of a new request): the number, subject, sender and Cc are set above.
        # A known sender follows the request (the gateway subscribes the author of the message it posts); an unknown
        # one when its contact is made (_identify_sender).
        return self.with_context(mail_create_nolog=True).create(values)

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """The gateway subscribes the author of every mail it posts. Odoo asks the database who of them are customers
        and who already follows; both are often known already: the followers of a request just created (none) or
        looked through for the author, and the author's contact, read by the gateway. A follower keeps
        its subscription, as with Odoo (its default subtypes never replace one)."""
        if partner_ids and customer_ids is None:
            # sudo: as Odoo's own look-up of the customers among them
            partners = self.env["res.partner"].sudo().browse(partner_ids)
            known = (partners._fields["active"], partners._fields["partner_share"])
            if all(self.env.cache.contains(partner, field) for partner in partners for field in known):
                customer_ids = partners.filtered(lambda p: p.active and p.partner_share).ids
        # sudo: who follows, whoever subscribes (a portal customer cannot read the followers)
        request = self.sudo()
        if (
            partner_ids
            and not subtype_ids
            and len(self) == 1
            and self.env.cache.contains(request, request._fields["message_follower_ids"])
        ):
            following = set(request.message_follower_ids.partner_id.ids)
            missing = [partner_id for partner_id in partner_ids if partner_id not in following]
            if missing:
                self.env["mail.followers"]._insert_followers(
                    self._name, self.ids, missing, customer_ids=customer_ids, check_existing=False
                )
            return True
        return super()._message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids)

    def _notify_get_reply_to(self, default=None):
        """Answers to a request go to its team's address, as Odoo's tasks' go to their project's: a client's reply
        that lost its references (a forward, a new mail program) still reaches the team, not the catch-all. Read
        from the team's alias (in cache once the gateway routed a mail to it: Odoo searched the aliases for every
        message posted); a request of a team without an address keeps Odoo's reply-to."""
        result = {}
        # sudo: the team's address is public (it is on every mail); the poster may not read teams or aliases
        for request in self.sudo():
            alias = request.team_id.alias_id
            if alias.alias_name and alias.alias_domain_id:
                result[request.id] = self._notify_get_reply_to_formatted_email(
                    alias.alias_full_name, request.team_id.name, company=request.company_id or self.env.company
                )
        leftover = self.browse([request_id for request_id in self.ids if request_id not in result])
        if leftover or not self:
            result.update(super(TelmicoRequest, leftover)._notify_get_reply_to(default=default))
        return result

    def _message_post_after_hook(self, message, msg_values):
        """The first public answer of an agent in the chatter stops the response clock."""
        result = super()._message_post_after_hook(message, msg_values)
        if (
            len(self) == 1
            and self.state not in ("draft", "cancelled")
            and not self.date_first_response
            and message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and not self.env.context.get("telmico_auto_reply")
            and any(not user.share and user.id != SUPERUSER_ID for user in message.author_id.sudo().user_ids)
        ):
            self.sudo()._sla_responded(fields.Datetime.now())  # sudo: a follower who may only read answers too
        if (
            len(self) == 1
            and message.message_type == "comment"
            and message.author_id
            and message.author_id == self._work_user().partner_id
        ):
            self._work_touch("reply")  # an agent's reply or note is work on the request
        if (
            len(self) == 1
            and self.state != "draft"
            and message.message_type in ("email", "comment")
            and not message.subtype_id.internal
        ):
            if self.service_waiting:
                # sudo: the client's answer (personal cabinet, e-mail) ends the wait of services they cannot read
                waiting = self.sudo().service_ids.filtered(
                    lambda s: s.state == "waiting" and s._is_client_message(message)
                )
                waiting._client_answered(message)
            self.env["telmico.webhook"]._event("message.created", message)
        return result

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        for request in self:
            if request.partner_id and request.partner_id not in request.message_partner_ids:
                request._message_add_suggested_recipient(
                    recipients, partner=request.partner_id, reason=self.env._("Client")
                )
        return recipients

    def _rating_get_partner(self):
        return self.partner_id or super()._rating_get_partner()

    def _rating_get_operator(self):
        return self.user_id.partner_id

    def _track_template(self, changes):
        """The client's e-mails, Odoo's tracking templates: the acknowledgement of a registration, then pending,
        closed and cancelled (the team's templates, or the shipped ones).

        They are posted when the transaction ends, after the message that created the request, as automatic
        messages (context ``telmico_auto_reply``: no first response for the SLA, ``Auto-Submitted`` header).
        The acknowledgement goes through Odoo's mail queue (see ``_message_track_post_template``); a request the
        mail gateway registered is acknowledged by a cron right after (``_cron_acknowledge``).
        """
        result = super()._track_template(changes)
        request = self[0]
        if not request._notify_client_by_mail():
            return result
        if self.env.context.get("telmico_notify_registered") and request.state not in ("resolved", "closed"):
            template = request.team_id._client_mail_template("registered")
            result["date_registered"] = (template, dict(request._notify_client_post_values(), force_send=False))
        elif "state" in changes and request.state in CLIENT_NOTIFY_STATES:
            template = request.team_id._client_mail_template(request.state)
            result["state"] = (template, request._notify_client_post_values())
        return result

    def _message_track_post_template(self, changes):
        """The client's automatic e-mails (and the registration SMS), marked as automatic."""
        if not self:
            return super()._message_track_post_template(changes)
        registered = self.env.cr.precommit.data.get(REGISTERED_KEY, set())
        acknowledge = self.id in registered
        registered.discard(self.id)
        request = self.with_context(
            telmico_auto_reply="auto-replied" if acknowledge else "auto-generated",
            telmico_notify_registered=acknowledge,
        )
        result = super(TelmicoRequest, request)._message_track_post_template(changes)
        if acknowledge and not changes:
            # nothing tracked changed in this transaction: Odoo does not call the templates, we do
            super(TelmicoRequest, request)._message_track_post_template(["date_registered"])
        if acknowledge:
            if request._notify_client_by_mail():
                # the acknowledgement was queued (force_send=False): the queue's cron sends it right after the commit
                # sudo: any user (a portal client too) may wake the mail queue's cron
                self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
            request._notify_client_by_sms()
        return result

    def _notify_by_email_get_headers(self, headers=None):
        headers = super()._notify_by_email_get_headers(headers=headers)
        auto = self.env.context.get("telmico_auto_reply")
        if auto:
            # RFC 3834: mail servers, autoresponders and our own gateway do not answer it
            headers["Auto-Submitted"] = auto if isinstance(auto, str) else "auto-generated"
        return headers

    # ------------------------------------------------------------ actions

    def action_register(self):
        """Finish the registration: number, services registered, outgoing message sent, timer stopped.

        The registration is the agent's first work session (from the form's opening to now).
        """
        now = fields.Datetime.now()
        agent = self._work_user()
        for request in self.with_context(telmico_work_registering=True):
            if request.state != "draft":
                raise UserError(self.env._("%s is already registered.", request.name))
            missing = []
            if not request.partner_id:
                missing.append(self.env._("client"))
            if not request.subject and not request.service_ids:
                missing.append(self.env._("subject or at least one service"))
            if request.direction == "outgoing" and request.outgoing_kind in ("email", "sms"):
                if not request.outgoing_body:
                    missing.append(self.env._("message to send"))
                if request.outgoing_kind == "email" and not request.partner_id.email:
                    missing.append(self.env._("client's e-mail"))
                if request.outgoing_kind == "sms" and not (request.partner_id.mobile or request.partner_id.phone):
                    missing.append(self.env._("client's mobile"))
            if missing:
                raise ValidationError(
                    self.env._("Before registering, fill in: %s.", ", ".join(str(part) for part in missing))
                )
            services = request.service_ids.filtered(lambda s: s.state == "draft")
            services.write({"partner_id": request.partner_id.id})
            services.action_register()
            if not request.subject:
                request.subject = ", ".join(request.service_ids.sorted("id").template_id.mapped("name"))
            if not request.team_id:
                request._apply_routing_rules()
            request.write(
                {
                    "name": self.env["ir.sequence"]._telmico_next_by_code("telmico.request") or "/",
                    "state": "new",
                    "date_registered": now,
                    "handling_end": now,
                    "interrupted": False,
                    "user_id": request.user_id.id or self.env.user.id,
                }
            )
            request.client_match_ids.unlink()
            if request.partner_id not in request.message_partner_ids:
                request.message_subscribe(partner_ids=request.partner_id.ids)
            if request.direction == "outgoing":
                request._send_outgoing()
            if request.service_ids and all(s.state in ("closed", "cancelled") for s in request.service_ids):
                request.action_resolve()  # every service was done at the desk
            else:
                request.state = "in_progress"
            # sudo: handling time is the system's bookkeeping (agents only read their sessions)
            self.env["telmico.request.work.session"].sudo()._registration(
                request, agent or self._work_user(request.create_uid)
            )
        return True

    def _send_outgoing(self):
        """The outgoing contact of the registration: e-mail and SMS are sent, a call or letter is logged."""
        self.ensure_one()
        body = self.outgoing_body or ""
        if self.outgoing_kind == "email":
            self.message_post(
                body=Markup("<p>%s</p>") % body,
                subject=self.subject,
                partner_ids=self.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        elif self.outgoing_kind == "sms":
            self._message_sms(body, partner_ids=self.partner_id.ids)
        else:
            label = dict(OUTGOING_KINDS)[self.outgoing_kind]
            self.message_post(
                body=Markup("<p><b>%s</b>: %s</p>") % (self.env._(label), body or self.subject),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def action_new_request_form(self, partner=None, channel=None):
        """The "New request" flow: a registration form whose timer starts now."""
        context = {"form_view_initial_mode": "edit"}
        if partner:
            context["default_partner_id"] = partner.id
            subscribers = partner.subscriber_ids
            if len(subscribers) == 1:
                context["default_subscriber_ids"] = subscribers.ids
        if channel:
            context["default_channel"] = channel
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New request"),
            "res_model": "telmico.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def action_take(self):
        """Take the request: it is assigned to me and work starts (a work session of mine)."""
        self._work_touch("take")
        for request in self:
            vals = {"user_id": self.env.user.id}
            if request.state in ("new", "pending"):
                vals["state"] = "in_progress"
            request.write(vals)
        return True

    def action_pending(self):
        self.write({"state": "pending"})
        return True

    def action_resume(self):
        """Back to work on a pending request, or continue an interrupted registration."""
        drafts = self.filtered(lambda r: r.state == "draft")
        drafts.write({"interrupted": False})
        (self - drafts).write({"state": "in_progress"})
        return True

    def action_resolve(self):
        open_services = self.service_ids.filtered(lambda s: s.state in OPEN_SERVICE_STATES)
        if open_services:
            raise UserError(
                self.env._(
                    "These services are not finished yet: %s. Finish or cancel them first.",
                    ", ".join(open_services.mapped("name")),
                )
            )
        self.write({"state": "resolved", "date_resolved": fields.Datetime.now()})
        # the client's e-mail: the team's "resolved" template (shipped: rate the resolution), an automatic message
        queued = False
        for request in self.filtered(lambda r: r.partner_id.email and r._notify_client_enabled()):
            template = request.team_id._client_mail_template("resolved")
            if template:
                request.with_context(telmico_auto_reply="auto-generated").rating_send_request(
                    template, lang=request.partner_id.lang, force_send=False
                )
                queued = True
        if queued:
            # queued (force_send=False): the queue's cron sends it right after the commit, not at its next hourly run
            # sudo: any user (a portal client too) may wake the mail queue's cron
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return True

    def action_close(self):
        self.write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_cancel(self):
        self.service_ids.filtered(lambda s: s.state in OPEN_SERVICE_STATES).action_cancel()
        self.write({"state": "cancelled"})
        return True

    def action_reopen(self):
        for request in self:
            if request.state not in ("resolved", "closed", "cancelled"):
                raise UserError(self.env._("%s is still open.", request.name))
            request.write({"state": "in_progress", "reopen_count": request.reopen_count + 1, "date_closed": False})
        return True

    def action_interrupt(self):
        """The contact ended before the registration: keep what was typed and list it as interrupted."""
        if any(request.state != "draft" for request in self):
            raise UserError(self.env._("Only a registration in progress can be interrupted."))
        self.write({"interrupted": True, "handling_end": fields.Datetime.now()})
        agent = self._work_user()
        for request in self:
            # sudo: handling time is the system's bookkeeping; the interrupted registration counts too
            self.env["telmico.request.work.session"].sudo()._registration(
                request, agent or self._work_user(request.create_uid)
            )
        return {"type": "ir.actions.client", "tag": "telmico_desk.desk"}

    def action_open_services(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_service_mgmt.telmico_service_action")
        action["domain"] = [("request_id", "=", self.id)]
        action["context"] = {"default_request_id": self.id, "default_partner_id": self.partner_id.id}
        return action

    def action_reassign(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reassign"),
            "res_model": "telmico.request.reassign",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_open_discuss(self):
        """An internal group chat about the request with its agent, collaborators and me; made on first use."""
        self.ensure_one()
        partners = (self.user_id | self.collaborator_ids | self.env.user).partner_id
        channel = self.discuss_channel_id
        if channel:
            # sudo: whoever may edit the request may join its chat, even if nobody invited them yet
            missing = partners - channel.sudo().channel_member_ids.partner_id
            if missing:
                channel.sudo().add_members(partner_ids=missing.ids, post_joined_message=False)
        else:
            channel = self.env["discuss.channel"].create_group(partners.ids, name=self.display_name)
            self.discuss_channel_id = channel
            link = Markup('<a href="#" data-oe-model="telmico.request" data-oe-id="%s">%s</a>') % (
                self.id,
                self.display_name,
            )
            channel.message_post(
                body=self.env._("Discussion of the request %(link)s.", link=link),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return {
            "type": "ir.actions.client",
            "tag": "mail.action_discuss",
            "context": {"active_id": channel.id},
        }

    # ------------------------------------------------------------ business

    @api.model
    def _cron_mark_interrupted(self, minutes=30):
        """Registrations left untouched for a while are interrupted contacts: list them as such."""
        limit = fields.Datetime.subtract(fields.Datetime.now(), minutes=minutes)
        drafts = self.search([("state", "=", "draft"), ("interrupted", "=", False), ("write_date", "<", limit)])
        drafts.write({"interrupted": True})
        return len(drafts)

    def _route(self):
        """A request that arrived by itself: the routing rules, then the team's assignment if nobody has it."""
        self._apply_routing_rules()
        self._assign_in_team()

    def _apply_routing_rules(self):
        """Try the routing rules in order: the first that matches applies, and the next ones if it says so."""
        Rule = self.env["telmico.desk.routing.rule"]
        rules_by_company = {}
        for request in self:
            if request.company_id not in rules_by_company:
                rules_by_company[request.company_id] = Rule._rules_for(request.company_id)
            for rule in rules_by_company[request.company_id]:
                if rule._matches(request):
                    rule._apply(request)
                    if rule.stop_processing:
                        break

    def _assign_in_team(self):
        """Open requests without an agent go to an agent of their team, as the team distributes work."""
        for request in self.filtered(lambda r: not r.user_id and r.team_id and r.state in OPEN_STATES):
            user = request.team_id._pick_assignee()
            if user:
                request.user_id = user

    def _handle_client_reply(self):
        """The client wrote (e-mail, personal cabinet): the wait is over, or the request is not solved after all.

        Called by the automation rule "Requests: client's reply", on incoming messages.
        """
        Message = self.env["mail.message"]
        for request in self:
            message = Message.search(
                [
                    ("model", "=", request._name),
                    ("res_id", "=", request.id),
                    ("message_type", "in", ("email", "comment")),
                ],
                order="id desc",
                limit=1,
            )
            if not request.partner_id or message.author_id != request.partner_id:
                continue
            if request.state == "pending":
                request.state = "in_progress"
            elif request.state in ("resolved", "closed"):
                request.action_reopen()

    def _desk_audience(self):
        """Users whose Desk counters depend on these requests: assignees and their teams."""
        return self.user_id | self.team_id.member_ids | self.team_id.leader_id | self.create_uid

    def _notify_desk(self, extra_users=None):
        """Tell the Desks concerned to refresh their counters (bus), without a page reload.

        Not the system user (the author of what the mail gateway and crons create): nobody opens a Desk as it.
        """
        users = self._desk_audience() | (extra_users or self.env["res.users"])
        users = users.filtered(lambda u: u.id != SUPERUSER_ID)
        self.env["telmico.desk"]._desk_notify(users.filtered(lambda u: not u.share).partner_id)

    def _link_back(self, before):
        """Keep the link symmetric: what this request links to links back to it, and unlinks too."""
        for request in self:
            current = request.related_request_ids
            added = current - before - request
            removed = before - current
            synced = self.with_context(telmico_link_sync=True)
            for other in synced.browse(added.ids).filtered(lambda o, r=request: r not in o.related_request_ids):
                other.related_request_ids = [Command.link(request.id)]
            for other in synced.browse(removed.ids).filtered(lambda o, r=request: r in o.related_request_ids):
                other.related_request_ids = [Command.unlink(request.id)]

    def _subscribe_collaborators(self):
        for request in self.filtered("collaborator_ids"):
            request.message_subscribe(partner_ids=request.collaborator_ids.partner_id.ids)

    # ------------------------------------------------------- who is viewing

    def collision_enter(self, idle_seconds=0):
        """The form of this request is open (called again every minute while it stays open).

        Returns the other users who have it open and tells them about me. ``idle_seconds``: how long the user has
        not touched the keyboard or the mouse (``False`` when the form is not in sight); while it stays under the
        idle cut-off the user is working on the request: their work session goes on.
        """
        self.ensure_one()
        self.check_access("read")
        # sudo: presence of anyone who may read the request (checked above)
        others = self.env["telmico.request.viewer"].sudo()._enter(self)
        active = (
            isinstance(idle_seconds, (int, float))
            and not isinstance(idle_seconds, bool)
            and 0 <= idle_seconds < IDLE_CUTOFF.total_seconds()
        )
        if active and self.state in VIEWED_WORK_STATES:
            self._work_touch("open")
        return others

    def collision_leave(self):
        """The form was closed or moved to another record: my work session on it ends."""
        self.ensure_one()
        # sudo: my own presence entry only
        self.env["telmico.request.viewer"].sudo()._leave(self)
        self._work_touch("open", end=True)
        return True

    # ------------------------------------------------------- handling time

    def _work_user(self, user=None):
        """The agent whose work this is: an internal user acting in person (not the system, the mail gateway or a
        customer), else no user."""
        user = user if user is not None else self.env.user
        if not user or user._is_superuser() or user.share:
            return self.env["res.users"]
        return user

    def _work_touch(self, source, end=False):
        """The current agent works on these requests now (see ``telmico.request.work.session``)."""
        agent = self._work_user()
        requests = self.filtered(lambda r: r.state != "draft")
        if agent and requests and not self.env.context.get("telmico_work_registering"):
            # sudo: handling time is the system's bookkeeping (agents only read their sessions)
            self.env["telmico.request.work.session"].sudo()._touch(requests, agent, source, end=end)

    def _work_created(self):
        """Requests just created by an agent: a live chat's conversation, or a registration timed elsewhere (an
        import), is their first work session."""
        agent = self._work_user()
        if not agent:
            return
        # sudo: handling time is the system's bookkeeping (agents only read their sessions)
        Session = self.env["telmico.request.work.session"].sudo()
        chats = self.filtered("livechat_channel_id")
        Session._chat(chats, agent)
        timed = (self - chats).filtered(
            lambda r: r.state != "draft" and r.handling_start and r.handling_end and r.handling_end > r.handling_start
        )
        Session._registration(timed, agent)

    def _notify_client_enabled(self):
        """The team tells its clients (a request without team follows the shipped defaults)."""
        self.ensure_one()
        return not self.team_id or self.team_id.notify_client

    def _notify_client_by_mail(self):
        self.ensure_one()
        return bool(
            self._notify_client_enabled()
            and self.direction == "incoming"
            and self.state != "draft"
            and self.partner_id.email
        )

    def _notify_client_post_values(self):
        return {
            "email_layout_xmlid": "mail.mail_notification_light",
            "subtype_xmlid": "mail.mt_note",
        }

    def _notify_client_by_sms(self):
        """A client without e-mail who agreed to SMS hears of the registration by SMS (queued)."""
        self.ensure_one()
        client = self.partner_id
        if not (
            self._notify_client_enabled()
            and self.direction == "incoming"
            and self.state in ("new", "in_progress", "pending")
            and client
            and not client.email
            and client.mobile
            and client.consent_sms
        ):
            return
        template = self.team_id._client_sms_template()
        if template:
            self._message_sms_with_template(template=template, partner_ids=client.ids, put_in_queue=True)

    def _notify_registered(self):
        """A request was registered: remember it for the client's acknowledgement, tell the team's channel."""
        if not self.env.context.get("tracking_disable") and not self.env.context.get("mail_notrack"):
            deferred = self.filtered("ack_pending")
            self.env.cr.precommit.data.setdefault(REGISTERED_KEY, set()).update((self - deferred).ids)
            for request in self - deferred:
                self.env.cr.precommit.add(request._track_post_template_finalize)
            if deferred:
                self._trigger_acknowledgement()
        else:
            self.filtered("ack_pending").ack_pending = False
        self.env["telmico.webhook"]._event("request.created", self)
        for request in self.filtered("livechat_channel_id"):
            request.livechat_channel_id._telmico_tell_visitor(request)

    @api.model
    def _trigger_acknowledgement(self):
        """Run the acknowledgement cron right after the commit, as ``ir.cron._trigger()`` does, without reading the
        cron (``env.ref`` checks it exists, ``_trigger`` reads it whole: two queries in each gateway transaction). A
        trigger of a disabled cron is never run; Odoo removes old triggers."""
        # sudo: the gateway, a portal customer or an agent registers; waking the cron is the system's
        cron = (
            self.env["ir.cron"]
            .sudo()
            .browse(
                self.env["ir.model.data"]._xmlid_to_res_id("telmico_desk.ir_cron_acknowledge", raise_if_not_found=True)
            )
        )
        # sudo: any user who registers a request by e-mail wakes the acknowledgement cron
        self.env["ir.cron.trigger"].sudo().create({"cron_id": cron.id, "call_at": fields.Datetime.now()})
        self.env.cr.postcommit.add(cron._notifydb)

    def _name_chat_after_client(self):
        """Chats that became requests of a known client are shown to staff under the client's name."""
        for request in self.filtered(lambda r: r.livechat_channel_id and r.partner_id):
            request.livechat_channel_id._telmico_name_after_client(request.partner_id)

    def _notify_assigned(self):
        """Tell the teams' channels who got these requests (the agent is told by Odoo's "assigned to you")."""
        self.env["telmico.webhook"]._event("request.assigned", self)

    def _notify_sla_breach(self):
        """The SLA of this request was just missed (first escalation): tell the team's channel."""
        self.env["telmico.webhook"]._event("request.sla_breach", self)

    def _webhook_data(self):
        """The request as the ``data`` of a JSON webhook (the REST API's names)."""
        self.ensure_one()
        return {
            "id": self.id,
            "number": self.name or "",
            "subject": self.subject or None,
            "state": self.state,
            "priority": self.priority,
            "channel": self.channel,
            "client_id": self.partner_id.id or None,
            "client_name": self.partner_id.display_name or None,
            "client_number": self.partner_id.personal_number or self.partner_id.company_registry or None,
            "team_id": self.team_id.id or None,
            "team_name": self.team_id.name or None,
            "assignee_id": self.user_id.id or None,
            "assignee_name": self.user_id.name or None,
            "subscriber_numbers": self.subscriber_ids.mapped("number"),
            "sla_state": self.sla_state,
            "url": f"{self.get_base_url()}/odoo/telmico.request/{self.id}",
            "created_at": iso_utc(self.create_date),
            "updated_at": iso_utc(self.write_date),
        }

    # ---------------------------------------------------------------- SLA

    def _sla_after_write(self, vals, before, now):
        """The clocks after a write: a registration starts them, a state change stops or resumes them,
        a corrected registration moves them, a change of team, priority, ... may choose another policy."""
        registered = self.filtered(lambda r: before[r.id][0] == "draft" and r.state != "draft")
        registered._sla_start(now)
        others = (self - registered).filtered(lambda r: r.state != "draft")
        if "state" in vals:
            others._sla_state_changed({key: value[0] for key, value in before.items()}, now)
        if "date_registered" in vals:
            others._sla_registration_moved({key: value[1] for key, value in before.items()}, now)
        if SLA_ROUTING_FIELDS & set(vals):
            others.filtered(lambda r: r.state in ("new", "in_progress", "pending"))._sla_reassign(now)

    def _sla_start(self, now):
        """Registration: choose the policy, start the clocks and plan the deadlines (one write), then the state."""
        for request in self:
            vals = {"sla_paused_hours": 0.0, "sla_paused_since": False, "sla_warned": False}
            vals["sla_escalation_level"] = 0
            live = request.direction == "outgoing" or request.channel in LIVE_CHANNELS
            if live and not request.date_first_response:
                vals["date_first_response"] = request.date_registered or now
            if request.state in STOPPED_STATES:
                vals["sla_paused_since"] = now
            policy = self.env["telmico.desk.sla"]._find_for(request)
            vals["sla_id"] = policy.id
            vals.update(request._sla_deadlines(policy, 0.0, force_response=True))
            # how it stands, from the values about to be written: one write (see _sla_refresh)
            result = request._sla_evaluate(now, pending=vals)
            vals.update(sla_state=result["state"], sla_next_check=result["next"])
            request.write(vals)

    def _sla_reassign(self, now):
        """Team, priority, category, channel or client changed: the policy may be another one now."""
        changed = self.browse()
        for request in self:
            policy = self.env["telmico.desk.sla"]._find_for(request)
            if policy != request.sla_id:
                request.write({"sla_id": policy.id, "sla_warned": False, "sla_escalation_level": 0})
                changed |= request
        changed._sla_plan(force_response=True)
        changed._sla_refresh(now)

    def _sla_state_changed(self, old_states, now):
        """Stop the clock when the request waits or is resolved, add the stopped time back when work resumes."""
        changed = self.browse()
        for request in self:
            old, new = old_states[request.id], request.state
            if old in (new, "draft"):
                continue
            changed |= request
            vals = {}
            if request.sla_paused_since and (old == "pending" or new not in STOPPED_STATES):
                paused = request.sla_id._work_hours(request.sla_paused_since, now) if request.sla_id else 0.0
                vals["sla_paused_hours"] = request.sla_paused_hours + paused
                vals["sla_paused_since"] = False
            if new in STOPPED_STATES and (old not in STOPPED_STATES or old == "pending"):
                vals["sla_paused_since"] = now
            if new in ("resolved", "closed") and not request.date_first_response:
                vals["date_first_response"] = now  # the solution is the answer
            if vals:
                request.write(vals)
        changed._sla_plan()
        changed._sla_refresh(now)

    def _sla_registration_moved(self, old_dates, now):
        """The registration moment was corrected: the clocks start from the new one."""
        moved = self.filtered(lambda r: r.sla_id and r.date_registered and r.date_registered != old_dates[r.id])
        for request in moved:
            if request.date_first_response and request.date_first_response == old_dates[request.id]:
                request.date_first_response = request.date_registered  # answered at the registration
        moved._sla_plan(force_response=True)
        moved._sla_refresh(now)

    def _sla_responded(self, when):
        self.write({"date_first_response": when})
        self._sla_refresh(when)

    def _sla_plan(self, force_response=False):
        """Deadlines: the policy's targets after the registration, plus the working hours the clock was stopped.

        The response deadline is left alone once answered (unless ``force_response``, for a new policy).
        """
        for request in self:
            request.write(
                request._sla_deadlines(
                    request.sla_id,
                    request.sla_paused_hours,
                    force_response=force_response or not request.date_first_response,
                )
            )

    def _sla_deadlines(self, sla, paused, force_response):
        """The deadlines of ``sla`` counted from the registration, ``paused`` working hours added; the response
        deadline only when ``force_response``."""
        self.ensure_one()
        if not sla:
            return {"sla_response_deadline": False, "sla_resolution_deadline": False}
        start = self.date_registered or fields.Datetime.now()
        targets = sla._targets()
        vals = {
            "sla_resolution_deadline": sla._plan(start, targets["resolution_hours"] + paused)
            if targets["resolution_hours"]
            else False
        }
        if force_response:
            vals["sla_response_deadline"] = (
                sla._plan(start, targets["response_hours"] + paused) if targets["response_hours"] else False
            )
        return vals

    def _sla_evaluate(self, now, pending=None):
        """How the SLA stands at ``now``: its state, the missed deadline (if any) and the next moment to look.

        ``pending``: SLA values about to be written, read instead of the request's.
        """
        self.ensure_one()
        pending = pending or {}

        def value(fname):
            return pending[fname] if fname in pending else self[fname]

        sla = self.env["telmico.desk.sla"].browse(pending["sla_id"]) if "sla_id" in pending else self.sla_id
        if not sla or self.state in ("draft", "cancelled"):
            return {"state": "none", "breach": False, "next": False}
        response, resolution = value("sla_response_deadline"), value("sla_resolution_deadline")
        responded = value("date_first_response")
        stopped = self.state in STOPPED_STATES
        clock = (value("sla_paused_since") or now) if stopped else now
        if self.state in ("resolved", "closed"):
            resolved = self.date_resolved or clock
            missed = [
                deadline
                for deadline, done in ((response, responded or resolved), (resolution, resolved))
                if deadline and done > deadline
            ]
            return {"state": "breached" if missed else "met", "breach": missed and min(missed), "next": False}
        running = [deadline for deadline in (response if not responded else False, resolution) if deadline]
        missed = [deadline for deadline in running if clock >= deadline]
        if response and responded and responded > response:
            missed.append(response)
        if missed:
            breach = min(missed)
            following = False
            if not stopped and value("sla_escalation_level") == 0:
                following = now
            elif not stopped and value("sla_escalation_level") == 1 and sla.escalation_user_id:
                following = sla._plan(breach, sla._targets()["escalate_manager_after_hours"])
            return {"state": "breached", "breach": breach, "next": following}
        if not running:
            return {"state": "on_track", "breach": False, "next": False}
        # planning back is monotonic: the earliest deadline gives the earliest warning (one walk, not one per deadline)
        warn_at = sla._plan(min(running), -sla._targets()["warning_hours"])
        if clock >= warn_at:
            return {"state": "at_risk", "breach": False, "next": not stopped and min(running)}
        return {"state": "on_track", "breach": False, "next": not stopped and warn_at}

    def _sla_refresh(self, now):
        """Store the SLA state of these requests as it is at ``now`` (no warning nor escalation)."""
        for request in self:
            result = request._sla_evaluate(now)
            vals = {"sla_state": result["state"], "sla_next_check": result["next"]}
            if any(request[field] != value for field, value in vals.items()):
                request.write(vals)

    @api.model
    def _cron_acknowledge(self, limit=100):
        """Identify the senders of the requests the mail gateway registered, then acknowledge them (e-mail by the
        team's template, or SMS).

        The gateway registers one request per mail in one transaction, while the MTA waits for the answer; making
        an unknown sender's contact, rendering and posting the acknowledgement there would double its time, and a
        failure to render it would refuse the client's mail. Pending requests are read by a partial index, ``limit``
        at a time; the cron framework commits and runs again at once while some are left.
        """
        requests = self.search([("ack_pending", "=", True)], order="id", limit=limit)
        later = self.browse()
        for request in requests:
            try:
                with self.env.cr.savepoint():
                    request._identify_sender()
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                # a transaction that committed after this one began changed the request or its messages (the
                # gateway's notifications are sent right after its commit): both are done again in a new one
                self.env.invalidate_all()
                later |= request
                continue
            except Exception:  # one odd address must not hold back every other request
                self.env.invalidate_all()
                _logger.exception("Could not identify the sender of request %s", request.name)
            try:
                with self.env.cr.savepoint():
                    request._acknowledge_registration()
            except Exception:  # a broken template of one team must not hold back every other acknowledgement
                self.env.invalidate_all()
                _logger.exception("Could not acknowledge request %s to its client", request.name)
        done = requests - later
        done.ack_pending = False
        if later:
            _logger.info("Requests %s changed meanwhile: acknowledged in a moment", ", ".join(later.mapped("name")))
            # sudo: the cron's user may not be allowed to wake a cron
            self.env.ref("telmico_desk.ir_cron_acknowledge").sudo()._trigger(
                fields.Datetime.add(fields.Datetime.now(), seconds=10)
            )
        if done:
            # the acknowledgements were queued: the queue's cron sends them right after the commit
            # sudo: the cron's user may not be allowed to wake another cron
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        remaining = self.search_count([("ack_pending", "=", True)]) if len(requests) == limit else 0
        self.env["ir.cron"]._notify_progress(done=len(done), remaining=remaining)
        return len(done)

    def _identify_sender(self):
        """A request the gateway registered from an unknown address gets its client: the contact of the address,
        found as the gateway finds a sender's (an agent made it meanwhile, or it was made for an earlier mail of the
        same stranger), else made now, its identity not confirmed. The sender's messages on the request are theirs,
        and they follow it as a customer, as a known sender does from the start."""
        self.ensure_one()
        email = tools.email_normalize(self.email_from)
        if self.partner_id or not email:
            return
        # sudo: the cron's user may not read or create contacts; the contact only records who wrote
        partner = self.sudo()._mail_find_partner_from_emails([self.email_from])[0]
        if not partner:
            name, address = tools.parse_contact_from_email(self.email_from)
            # tracking_disable: nothing of a new contact is logged or followed (mail_create_nolog, nosubscribe)
            partner = (
                self.env["res.partner"]
                .sudo()  # sudo: as above, the cron's user may not create contacts
                .with_context(tracking_disable=True)
                .create({"name": name or address, "email": address, "identity_confirmed": False, "is_client": True})
            )
        # the sender's address as they wrote it is kept (the client's e-mail would replace it); not tracked: the
        # client is who wrote, not a change
        self.with_context(mail_notrack=True).write({"partner_id": partner.id, "email_from": self.email_from})
        # sudo: the messages of the request are the system's to attribute
        messages = self.sudo().message_ids.filtered(
            lambda m: not m.author_id and tools.email_normalize(m.email_from) == email
        )
        messages.author_id = partner
        self.message_subscribe(partner_ids=partner.ids)

    def _acknowledge_registration(self):
        """The client's acknowledgement of this registered request, as posted at the end of a registration."""
        self.ensure_one()
        # mail_create_nosubscribe: the cron's user is inactive, so Odoo would subscribe the message's author, the
        # company, to every request it acknowledges (and mail it each answer of the client)
        request = self.with_context(
            telmico_auto_reply="auto-replied", telmico_notify_registered=True, mail_create_nosubscribe=True
        )
        # Odoo's tracking template of the registration (see _track_template), without our override's bookkeeping
        result = super(TelmicoRequest, request)._message_track_post_template(["date_registered"])
        request._notify_client_by_sms()
        return result

    @api.model
    def _cron_sla_check(self, limit=500):
        """Bring the SLA state of open requests up to date; warn before a breach and escalate after it.

        Only requests whose next check (derived from their deadlines) has come are read, by an indexed
        search, ``limit`` at a time; the cron framework runs again at once while some are left.
        """
        now = fields.Datetime.now()
        domain = [("sla_next_check", "<=", now), ("state", "in", RUNNING_STATES)]
        requests = self.search(domain, order="sla_next_check, id", limit=limit)
        for request in requests:
            request._sla_check(now)
        remaining = self.search_count(domain) if len(requests) == limit else 0
        self.env["ir.cron"]._notify_progress(done=len(requests), remaining=remaining)
        return len(requests)

    def _sla_check(self, now):
        """One request in the cron: store its state, warn once, escalate once to each level."""
        self.ensure_one()
        sla = self.sla_id
        result = self._sla_evaluate(now)
        if result["state"] == "at_risk" and not self.sla_warned:
            self._sla_warn(now)
        while result["state"] == "breached" and result["next"] and result["next"] <= now:
            if self.sla_escalation_level == 0:
                target = self.team_id.leader_id if sla.escalate_to_leader else self.env["res.users"]
            else:
                target = sla.escalation_user_id
            self._sla_escalate(target)
            result = self._sla_evaluate(now)
        self.write({"sla_state": result["state"], "sla_next_check": result["next"]})

    def _sla_warn(self, now):
        running = [
            deadline
            for deadline in (
                self.sla_response_deadline if not self.date_first_response else False,
                self.sla_resolution_deadline,
            )
            if deadline
        ]
        left = self.sla_id._work_hours(now, min(running)) if running else 0.0
        who = self.user_id or self.team_id.leader_id
        self.message_post(
            body=self.env._(
                "SLA at risk: %(hours).1f working hours left (%(policy)s).", hours=left, policy=self.sla_id.name
            ),
            partner_ids=who.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        self.sla_warned = True

    def _escalate_unanswered_urgent(self):
        """Shipped automation rule: an urgent request still unanswered goes to the team leader's attention."""
        for request in self.filtered(lambda r: r.priority == "3" and not r.date_first_response):
            leader = request.team_id.leader_id
            if not leader:
                continue
            request.message_subscribe(partner_ids=leader.partner_id.ids)
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Urgent request without an answer: %s", request.display_name),
                user_id=leader.id,
            )

    def _sla_escalate(self, target):
        level = self.sla_escalation_level + 1
        if level == 1:
            self._notify_sla_breach()
        if target:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("SLA breached: %s", self.display_name),
                user_id=target.id,
            )
            body = self.env._(
                "SLA breached (%(policy)s): escalated to %(user)s.", policy=self.sla_id.name, user=target.name
            )
        else:
            body = self.env._("SLA breached (%s).", self.sla_id.name)
        self.message_post(body=body, partner_ids=target.partner_id.ids, subtype_xmlid="mail.mt_note")
        self.sla_escalation_level = level
