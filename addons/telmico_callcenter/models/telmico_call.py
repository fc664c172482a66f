import json
import logging

import psycopg2
import psycopg2.errorcodes

from odoo import api, fields, models
from odoo.addons.telmico_client_card.tools.phone import national_phone, normalize_phone
from odoo.addons.telmico_desk.models.telmico_request import OPEN_STATES
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from ..tools.call_event import is_withheld

_logger = logging.getLogger(__name__)

DISPOSITIONS = [("answered", "Answered"), ("missed", "Missed"), ("abandoned", "Abandoned")]
# events of the same second are applied in the order of a call's life
EVENT_RANK = {"ringing": 0, "answered": 1, "held": 2, "transferred": 3, "missed": 4, "ended": 5}
MATCH_LIMIT = 20  # clients listed for one number; more is a number shared too widely to mean anything
OPEN_REQUEST_LIMIT = 5
SCREEN_POP = "telmico_callcenter/ringing"


class ConcurrentInsert(psycopg2.errors.SerializationFailure):
    """A row another transaction inserted after ours began (a twin event arriving at the same moment).

    Our snapshot cannot see it, so the request is run again from the start by Odoo's retry of serialization
    failures; the second run sees the row (the event is then a duplicate, the call the same call).
    """

    pgcode = psycopg2.errorcodes.SERIALIZATION_FAILURE


class TelmicoCall(models.Model):
    """A phone call, inbound or outbound, as the telephony platform reported it through its events.

    Everything about the call is rebuilt from its events (``_apply_events``) whatever order they came in:
    an ``ended`` before its ``answered`` still gives one answered call with the right times.
    """

    _name = "telmico.call"
    _description = "Phone call"
    _order = "date_ringing desc, id desc"

    name = fields.Char(string="Call id", required=True, readonly=True, help="The platform's id of the call.")
    connection_id = fields.Many2one("telmico.callcenter.connection", required=True, readonly=True, index=True)
    company_id = fields.Many2one(related="connection_id.company_id", store=True, index=True)
    direction = fields.Selection(
        [("incoming", "Incoming"), ("outgoing", "Outgoing")], default="incoming", required=True, readonly=True
    )
    caller_number = fields.Char(readonly=True)
    called_number = fields.Char(readonly=True)
    number = fields.Char(
        string="Client's number",
        readonly=True,
        index="btree_not_null",
        help="The client's side of the call in E.164 (the caller of an inbound call, the called of an outbound one).",
    )
    number_display = fields.Char(string="Number", compute="_compute_number_display")
    withheld = fields.Boolean(string="Withheld number", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", index="btree_not_null", readonly=True)
    partner_match_ids = fields.Many2many(
        "res.partner",
        "telmico_call_partner_match_rel",
        "call_id",
        "partner_id",
        string="Clients with this number",
        readonly=True,
        help="Every client the number belongs to; when there are several, none is chosen for the agent.",
    )
    agent_extension = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", index="btree_not_null", readonly=True)
    queue = fields.Char(readonly=True, index="btree_not_null")
    ivr_choice = fields.Char(string="IVR choice", readonly=True)
    date_ringing = fields.Datetime(string="Ringing", readonly=True, index=True)
    date_answered = fields.Datetime(string="Answered at", readonly=True)
    date_ended = fields.Datetime(string="Ended", readonly=True)
    missed_reported = fields.Boolean(readonly=True, help="The platform reported the call as missed.")
    transferred = fields.Boolean(readonly=True)
    held = fields.Boolean(string="Put on hold", readonly=True)
    wait_seconds = fields.Integer(
        string="Wait (s)", compute="_compute_durations", store=True, aggregator="avg", help="Ringing to answer or end."
    )
    talk_seconds = fields.Integer(
        string="Talk (s)", compute="_compute_durations", store=True, aggregator="avg", help="Answer to end."
    )
    after_call_seconds = fields.Integer(
        string="After-call work (s)",
        readonly=True,
        aggregator="avg",
        help="How long the agent stayed in after-call work once the call ended (until available, break or the next"
        " call). Empty while it lasts and for calls without it.",
    )
    disposition = fields.Selection(DISPOSITIONS, compute="_compute_disposition", store=True, index=True)
    state = fields.Selection(
        [("ringing", "Ringing"), ("talking", "On the line"), ("done", "Ended")],
        compute="_compute_disposition",
        store=True,
    )
    recording_url = fields.Char(string="Recording", readonly=True)
    request_id = fields.Many2one("telmico.request", index="btree_not_null", ondelete="set null", readonly=True)
    callback_id = fields.Many2one("telmico.callback", readonly=True, index="btree_not_null", ondelete="set null")
    event_ids = fields.One2many("telmico.callcenter.event", "call_id", string="Events", readonly=True)

    _sql_constraints = [
        ("call_uniq", "unique(connection_id, name)", "This call of this connection already exists."),
    ]

    # ------------------------------------------------------------- compute

    @api.depends("number", "caller_number", "called_number", "direction", "withheld")
    def _compute_number_display(self):
        for call in self:
            if call.withheld:
                call.number_display = self.env._("Withheld")
            else:
                raw = call.caller_number if call.direction == "incoming" else call.called_number
                call.number_display = national_phone(call.number) if call.number else raw

    @api.depends("date_ringing", "date_answered", "date_ended")
    def _compute_durations(self):
        for call in self:
            start, answered, end = call.date_ringing, call.date_answered, call.date_ended
            waited_until = answered or end
            call.wait_seconds = max(0, int((waited_until - start).total_seconds())) if start and waited_until else 0
            call.talk_seconds = max(0, int((end - answered).total_seconds())) if answered and end else 0

    @api.depends("date_answered", "date_ended", "missed_reported")
    def _compute_disposition(self):
        for call in self:
            if call.date_answered:
                call.disposition = "answered"
            elif call.missed_reported:
                call.disposition = "missed"
            elif call.date_ended:
                call.disposition = "abandoned"
            else:
                call.disposition = False
            if call.date_ended or call.missed_reported:
                call.state = "done"
            else:
                call.state = "talking" if call.date_answered else "ringing"

    def _compute_display_name(self):
        for call in self:
            call.display_name = " · ".join(filter(None, [call.number_display, call.partner_id.display_name]))

    # ------------------------------------------------------------- actions

    def action_create_request(self):
        """A new request form for this call: channel phone, the client (and their only subscriber); linked back."""
        self.ensure_one()
        partner = self.partner_id or (self.partner_match_ids if len(self.partner_match_ids) == 1 else None)
        action = self.env["telmico.request"].action_new_request_form(partner=partner or None, channel="phone")
        action["context"].update(
            {
                "telmico_callcenter_call_id": self.id,
                "default_direction": "outgoing" if self.direction == "outgoing" else "incoming",
            }
        )
        return action

    def action_open_client(self):
        """The caller's card; several clients with the number: their list; an unknown number: a new card with it."""
        self.ensure_one()
        clients = self.partner_id or self.partner_match_ids
        if len(clients) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "res.partner",
                "res_id": clients.id,
                "views": [(False, "form")],
                "target": "current",
            }
        if clients:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Clients with %s", self.number_display),
                "res_model": "res.partner",
                "domain": [("id", "in", clients.ids)],
                "views": [(False, "list"), (False, "form")],
                "target": "current",
            }
        if self.withheld or not self.number:
            raise UserError(self.env._("The number of this call is unknown: search the client on the card instead."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New client"),
            "res_model": "res.partner",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_is_client": True, "default_mobile": self.number},
        }

    def action_open_request(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "telmico.request",
            "res_id": self.request_id.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_open_recording(self):
        self.ensure_one()
        if not self.recording_url:
            raise UserError(self.env._("This call has no recording."))
        return {"type": "ir.actions.act_url", "url": self.recording_url, "target": "new"}

    @api.model
    def _click_to_call(self, number, reference, request=None):
        """Place a call to ``number`` (E.164) for the current user through the company's click-to-call connection.

        :return: the call (when the platform told its id; its events fill it in), linked to ``request`` if given
        """
        Connection = self.env["telmico.callcenter.connection"]
        connection = Connection._click_to_call_connection(self.env.company)
        external_id = connection._originate(self.env.user, number, reference)
        if not external_id:
            return self.browse()
        # sudo: the call log is written by the platform's events only; the call placed here is the agent's own
        call = self.sudo()._get_or_create(connection.sudo(), external_id)
        if not call.event_ids:
            # the platform has said nothing yet: what we know until its events come
            call.write({"direction": "outgoing", "number": number, "user_id": self.env.user.id})
        if request and not call.request_id:
            call.request_id = request
        return call.sudo(False)

    def write(self, vals):
        result = super().write(vals)
        if {"request_id", "user_id", "date_answered", "date_ended"} & set(vals):
            self._feed_handling_time()
        return result

    def _feed_handling_time(self):
        """An answered call linked to a request is a work session of its agent on it, from answer to hang-up: the
        talk time feeds the request's handling time (overlapping the registration, it is counted once)."""
        # sudo: calls are written by the platform's events; handling time is the system's measure
        Session = self.env["telmico.request.work.session"].sudo()
        sessions = Session.search([("call_id", "in", self.ids)])
        by_call = {session.call_id: session for session in sessions}
        to_create = []
        for call in self:
            session = by_call.get(call)
            complete = call.request_id and call.user_id and call.date_answered and call.date_ended
            if not complete or call.date_ended < call.date_answered:
                if session:
                    session.unlink()
                continue
            values = {
                "request_id": call.request_id.id,
                "user_id": call.user_id.id,
                "date_start": call.date_answered,
                "date_end": call.date_ended,
            }
            if session:
                current = (session.request_id.id, session.user_id.id, session.date_start, session.date_end)
                if current != tuple(values.values()):
                    session.write(values)
            else:
                to_create.append(dict(values, call_id=call.id, source="call", ended=True))
        Session.create(to_create)

    # -------------------------------------------------------------- events

    @api.model
    def _receive_event(self, connection, values, payload, reconciled=False):
        """Record one parsed event of ``connection`` (``tools.call_event.parse_event``) and rebuild its call.

        ``reconciled``: inferred at a reconnection (ARI), not received; a real event of the same kind received
        later replaces it (its time is the real one).

        :return: ``(status, event)``: ``"accepted"``, or ``"duplicate"`` for an event already received (the
            unique key decides, so two copies arriving at once count once too)
        """
        Event = self.env["telmico.callcenter.event"]
        key = [
            ("connection_id", "=", connection.id),
            ("external_call_id", "=", values["call_id"]),
            ("event", "=", values["event"]),
        ]
        event_values = {
            "event": values["event"],
            "timestamp": values["timestamp"],
            "direction": values.get("direction"),
            "caller": values.get("caller"),
            "called": values.get("called"),
            "extension": values.get("extension"),
            "queue": values.get("queue"),
            "ivr_choice": values.get("ivr_choice"),
            "recording_url": values.get("recording_url"),
            "payload": json.dumps(payload, ensure_ascii=False)[:10000],
            "reconciled": reconciled,
        }
        existing = Event.search(key, limit=1)
        if existing and existing.reconciled and not reconciled:
            existing.write(event_values)  # the real event arrived after all: it replaces the inferred one
            return "accepted", existing._rebuild_call(existing.call_id.user_id, existing.call_id.state)
        if existing:
            return "duplicate", existing
        call = self._get_or_create(connection, values["call_id"])
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                event = Event.create(
                    dict(
                        event_values,
                        connection_id=connection.id,
                        call_id=call.id,
                        external_call_id=values["call_id"],
                    )
                )
                event.flush_recordset()
        except psycopg2.errors.UniqueViolation as exc:
            existing = Event.search(key, limit=1)
            if not existing:
                raise ConcurrentInsert("call event inserted by a concurrent request") from exc
            return "duplicate", existing
        if not reconciled and event.event in ("ended", "missed"):
            # the real end arrived: an end inferred at a reconnection (of the other kind) is dropped
            call.event_ids.filtered(lambda e: e.reconciled and e.event in ("ended", "missed") and e != event).unlink()
        return "accepted", event._rebuild_call(call.user_id, call.state)

    @api.model
    def _get_or_create(self, connection, external_id):
        domain = [("connection_id", "=", connection.id), ("name", "=", external_id)]
        call = self.search(domain, limit=1)
        if call:
            return call
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                call = self.create({"connection_id": connection.id, "name": external_id})
                call.flush_recordset()
        except psycopg2.errors.UniqueViolation as exc:
            call = self.search(domain, limit=1)
            if not call:
                raise ConcurrentInsert("call inserted by a concurrent request") from exc
        return call

    def _apply_events(self):
        """Rebuild the calls from their events, taken in the order they happened (not the order received)."""
        for call in self:
            events = call.event_ids.sorted(lambda e: (e.timestamp, EVENT_RANK[e.event], e.id))
            if not events:
                continue

            def first(fname, events=events):
                return next((e[fname] for e in events if e[fname]), False)

            def last(fname, events=events):
                return next((e[fname] for e in reversed(events) if e[fname]), False)

            def times(*kinds, events=events):
                return [e.timestamp for e in events if e.event in kinds]

            direction = first("direction") or "incoming"
            caller, called = first("caller"), first("called")
            raw = caller if direction == "incoming" else called
            withheld = is_withheld(raw)
            number = False if withheld else (normalize_phone(raw) or False)
            extension = last("extension")
            answered, ended, ringing = times("answered"), times("ended", "missed"), times("ringing")
            vals = {
                "direction": direction,
                "caller_number": caller,
                "called_number": called,
                "withheld": withheld,
                "number": number,
                "agent_extension": extension,
                "user_id": self.env["res.users"]._telmico_by_extension(extension).id,
                "queue": last("queue"),
                "ivr_choice": last("ivr_choice"),
                "recording_url": last("recording_url"),
                "date_ringing": min(ringing) if ringing else events[0].timestamp,
                "date_answered": min(answered) if answered else False,
                "date_ended": max(ended) if ended else False,
                "missed_reported": bool(times("missed")),
                "transferred": bool(times("transferred")),
                "held": bool(times("held")),
            }
            if number != call.number or len(events) == 1:
                vals.update(call._match_clients(number))
            call.write(vals)

    @api.model
    def _match_clients(self, number):
        """``partner_id`` / ``partner_match_ids`` for ``number`` (E.164): the client if only one has it."""
        clients = self._clients_by_number(number)
        return {"partner_id": clients.id if len(clients) == 1 else False, "partner_match_ids": [(6, 0, clients.ids)]}

    @api.model
    def _clients_by_number(self, number, limit=MATCH_LIMIT):
        """The clients with ``number`` (E.164) as phone or mobile, through mail.thread.phone's indexed search."""
        if not number:
            return self.env["res.partner"]
        Partner = self.env["res.partner"]
        Partner.flush_model(["phone", "mobile"])  # phone_mobile_search runs its query at once
        return Partner.search([("is_client", "=", True), ("phone_mobile_search", "=", number)], limit=limit, order="id")

    def _event_warnings(self, event):
        """What the event could not be matched with, kept on the event (the call is recorded anyway)."""
        self.ensure_one()
        warnings = []
        if event.extension and not self.env["res.users"]._telmico_by_extension(event.extension):
            warnings.append("unknown_extension")
        if self.withheld:
            warnings.append("withheld_number")
        elif (event.caller or event.called) and not self.number:
            warnings.append("invalid_number")
        elif self.number and not self.partner_match_ids:
            warnings.append("unknown_number")
        return warnings

    def _sync_callback(self):
        """Missed and abandoned inbound calls make callback tasks; an answered call closes its number's."""
        Callback = self.env["telmico.callback"]
        for call in self:
            if call.disposition == "answered":
                if call.callback_id:
                    callback = call.callback_id
                    call.callback_id = False  # it was answered after all (its events came out of order)
                    if not callback.call_ids:
                        callback.unlink()
                Callback._close_by_call(call)
            elif (
                call.disposition in ("missed", "abandoned")
                and call.direction == "incoming"
                and call.number
                and not call.callback_id
            ):
                Callback._add_unanswered(call)

    def _sync_agent_state(self, agent_before, state_before):
        """The agents' states follow the call: on a call once answered, after-call work when it ends."""
        self.ensure_one()
        if agent_before and agent_before != self.user_id and state_before == "talking":
            agent_before._telmico_set_agent_state("after_call")  # handed over to a colleague
        if self.state == "talking" and self.user_id:
            self.user_id._telmico_set_agent_state("on_call")
        elif self.state == "done" and state_before != "done" and self.date_answered and self.user_id:
            self.user_id._telmico_set_agent_state("after_call")

    # ---------------------------------------------------------- screen pop

    @api.model
    def _clients_info(self, partners, base_url=""):
        """What an agent or the platform needs about callers: debt, subscribers, open requests, card URL."""
        requests = self.env["telmico.request"].search(
            [("partner_id", "in", partners.ids), ("state", "in", OPEN_STATES)], order="date_registered desc, id desc"
        )
        result = []
        for partner in partners:
            own = requests.filtered(lambda r, p=partner: r.partner_id == p)
            result.append(
                {
                    "id": partner.id,
                    "name": partner.display_name,
                    "debt": round(partner.total_debt, 2),
                    "currency": partner.client_currency_id.name,
                    "subscribers": [
                        {"number": s.number, "address": s.address or "", "debt": round(s.debt, 2)}
                        for s in partner.subscriber_ids
                    ],
                    "open_request_count": len(own),
                    "open_requests": [
                        {
                            "id": r.id,
                            "name": r.name,
                            "subject": r.subject or "",
                            "state": dict(r._fields["state"]._description_selection(self.env))[r.state],
                        }
                        for r in own[:OPEN_REQUEST_LIMIT]
                    ],
                    "card_url": f"{base_url}/odoo/res.partner/{partner.id}",
                }
            )
        return result

    def _screen_pop_data(self):
        """The call block of the agent's Desk: the caller and what they most likely call about."""
        self.ensure_one()
        clients = self.partner_id or self.partner_match_ids
        return {
            "call_id": self.id,
            "number": self.number_display or "",
            "withheld": self.withheld,
            "queue": self.queue or "",
            "ivr_choice": self.ivr_choice or "",
            "clients": self._clients_info(clients),
            "unknown": not clients,
        }

    def _screen_pop(self):
        """Tell the call's agent, and only them, that this call rings for them (their Desk shows the caller)."""
        for call in self:
            agent = call.user_id
            try:
                # as the agent: what the pop shows of the client's requests is what their rules let them read
                data = call.with_user(agent).with_context(lang=agent.lang)._screen_pop_data()
            except AccessError:
                # an extension given to a user who is no call-centre agent (or of another company): the call is
                # recorded all the same, without a pop
                _logger.warning("No screen pop for call %s: user %s may not read it", call.id, agent.login)
                continue
            self.env["bus.bus"]._sendone(agent.partner_id, SCREEN_POP, data)
            self.env["bus.bus"]._sendone(agent.partner_id, "telmico_desk/refresh", {})
