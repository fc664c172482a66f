from odoo import SUPERUSER_ID, api, fields, models

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


class TelmicoRequest(models.Model):
    """Service level of a request: the policy it follows, its deadlines in working hours and how it stands.

    The clock starts at the registration and stops while the request waits for the client (Pending) or is
    resolved; the working hours it was stopped are added to the deadlines when work resumes. ``sla_state``
    depends on the current time, so it is stored and kept up to date by the SLA cron (and on state changes).
    """

    _inherit = "telmico.request"

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
    sla_next_check = fields.Datetime(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the SLA state may change next (warning, deadline, escalation): what the SLA cron looks for.",
    )
    sla_warned = fields.Boolean(readonly=True, copy=False)
    sla_escalation_level = fields.Integer(
        readonly=True, copy=False, help="0: not escalated, 1: told the team leader, 2: told the manager."
    )

    # ------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        registered = requests.filtered(lambda r: r.state != "draft")
        if registered:
            # sudo: SLA bookkeeping is the system's; a customer opening a request in the portal triggers it too
            registered.sudo()._sla_start(fields.Datetime.now())
        return requests

    def write(self, vals):
        if "state" not in vals and "date_registered" not in vals and not SLA_ROUTING_FIELDS & set(vals):
            return super().write(vals)
        now = fields.Datetime.now()
        old = {request.id: (request.state, request.date_registered) for request in self}
        result = super().write(vals)
        requests = self.sudo()  # sudo: SLA bookkeeping is the system's, whoever changes the request
        registered = requests.filtered(lambda r: old[r.id][0] == "draft" and r.state != "draft")
        registered._sla_start(now)
        others = (requests - registered).filtered(lambda r: r.state != "draft")
        if "state" in vals:
            others._sla_state_changed({key: value[0] for key, value in old.items()}, now)
        if "date_registered" in vals:
            others._sla_registration_moved({key: value[1] for key, value in old.items()}, now)
        if SLA_ROUTING_FIELDS & set(vals):
            others.filtered(lambda r: r.state in ("new", "in_progress", "pending"))._sla_reassign(now)
        return result

    # ------------------------------------------------------- mail thread

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
        return result

    # ------------------------------------------------------------ business

    def _sla_start(self, now):
        """Registration: choose the policy and start the clocks."""
        for request in self:
            vals = {"sla_paused_hours": 0.0, "sla_paused_since": False, "sla_warned": False}
            vals["sla_escalation_level"] = 0
            live = request.direction == "outgoing" or request.channel in LIVE_CHANNELS
            if live and not request.date_first_response:
                vals["date_first_response"] = request.date_registered or now
            if request.state in STOPPED_STATES:
                vals["sla_paused_since"] = now
            vals["sla_id"] = self.env["telmico.desk.sla"]._find_for(request).id
            request.write(vals)
        self._sla_plan(force_response=True)
        self._sla_refresh(now)

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
            sla = request.sla_id
            if not sla:
                request.write({"sla_response_deadline": False, "sla_resolution_deadline": False})
                continue
            start = request.date_registered or fields.Datetime.now()
            paused = request.sla_paused_hours
            vals = {
                "sla_resolution_deadline": sla._plan(start, sla.resolution_hours + paused)
                if sla.resolution_hours
                else False,
            }
            if force_response or not request.date_first_response:
                vals["sla_response_deadline"] = (
                    sla._plan(start, sla.response_hours + paused) if sla.response_hours else False
                )
            request.write(vals)

    def _sla_evaluate(self, now):
        """How the SLA stands at ``now``: its state, the missed deadline (if any) and the next moment to look."""
        self.ensure_one()
        sla = self.sla_id
        if not sla or self.state in ("draft", "cancelled"):
            return {"state": "none", "breach": False, "next": False}
        response, resolution = self.sla_response_deadline, self.sla_resolution_deadline
        responded = self.date_first_response
        stopped = self.state in STOPPED_STATES
        clock = (self.sla_paused_since or now) if stopped else now
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
            if not stopped and self.sla_escalation_level == 0:
                following = now
            elif not stopped and self.sla_escalation_level == 1 and sla.escalation_user_id:
                following = sla._plan(breach, sla.escalate_manager_after_hours)
            return {"state": "breached", "breach": breach, "next": following}
        if not running:
            return {"state": "on_track", "breach": False, "next": False}
        warn_at = min(sla._plan(deadline, -sla.warning_hours) for deadline in running)
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
