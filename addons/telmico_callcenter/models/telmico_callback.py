from datetime import timedelta

import psycopg2
import pytz

from odoo import api, fields, models
from odoo.addons.telmico_client_card.tools.phone import national_phone
from odoo.tools import mute_logger

from .telmico_call import ConcurrentInsert

HOME_TZ = "Asia/Tbilisi"


class TelmicoCallback(models.Model):
    """A number to call back: the missed and abandoned calls of one number on one day (one task, attempts counted).

    Closed by itself when the number calls again and is answered (or is called and answers); an agent may take
    it, and close or cancel it by hand.
    """

    _name = "telmico.callback"
    _description = "Callback"
    _order = "state_rank, deadline, id"

    number = fields.Char(
        string="Number (E.164)", required=True, readonly=True, index=True, help="The number to call back, in E.164."
    )
    number_display = fields.Char(string="Number", compute="_compute_number_display")
    day = fields.Date(required=True, readonly=True, help="The day of the calls (Tbilisi time).")
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True, index="btree_not_null")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    call_ids = fields.One2many("telmico.call", "callback_id", string="Unanswered calls", readonly=True)
    attempt_count = fields.Integer(
        string="Attempts", compute="_compute_attempts", store=True, help="The client's unanswered calls that day."
    )
    last_call_date = fields.Datetime(string="Last attempt", compute="_compute_attempts", store=True)
    ivr_choice = fields.Char(string="IVR choice", compute="_compute_attempts", store=True)
    deadline = fields.Datetime(required=True, index=True)
    user_id = fields.Many2one("res.users", string="Taken by", index="btree_not_null")
    state = fields.Selection(
        [("open", "To call back"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
        index=True,
    )
    state_rank = fields.Integer(compute="_compute_state_rank", store=True)
    date_done = fields.Datetime(string="Closed", readonly=True)
    closed_by_call_id = fields.Many2one("telmico.call", string="Closed by call", readonly=True)

    _sql_constraints = [
        ("callback_uniq", "unique(company_id, number, day)", "There is already a callback for this number that day."),
    ]

    @api.depends("number")
    def _compute_number_display(self):
        for callback in self:
            callback.number_display = national_phone(callback.number)

    @api.depends("call_ids.date_ringing", "call_ids.ivr_choice")
    def _compute_attempts(self):
        for callback in self:
            calls = callback.call_ids.sorted("date_ringing")
            callback.attempt_count = len(calls)
            callback.last_call_date = calls[-1:].date_ringing
            callback.ivr_choice = next((c.ivr_choice for c in reversed(calls) if c.ivr_choice), False)

    @api.depends("state")
    def _compute_state_rank(self):
        for callback in self:
            callback.state_rank = 0 if callback.state == "open" else 1

    def _compute_display_name(self):
        for callback in self:
            callback.display_name = " · ".join(
                filter(None, [callback.number_display, callback.partner_id.display_name])
            )

    # ------------------------------------------------------------- actions

    def action_take(self):
        self.write({"user_id": self.env.user.id})
        return True

    def action_done(self):
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_cancel(self):
        self.write({"state": "cancelled", "date_done": fields.Datetime.now()})
        return True

    def action_reopen(self):
        self.write({"state": "open", "date_done": False, "closed_by_call_id": False})
        return True

    def action_call(self):
        """Click-to-call: the platform rings my phone, then the client; the callback is mine meanwhile."""
        self.ensure_one()
        connection = self.env["telmico.callcenter.connection"]._click_to_call_connection(self.company_id)
        connection._originate(self.env.user, self.number, f"callback-{self.id}")
        self.user_id = self.env.user
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": self.env._("Calling %s…", self.number_display), "type": "info"},
        }

    def action_open_client(self):
        self.ensure_one()
        last = self.call_ids.sorted("date_ringing")[-1:]
        return last.action_open_client()

    # ----------------------------------------------------------- business

    @api.model
    def _local_day(self, moment, company):
        tz = pytz.timezone(company.partner_id.tz or HOME_TZ)
        return pytz.utc.localize(moment).astimezone(tz).date()

    @api.model
    def _add_unanswered(self, call):
        """Add the unanswered ``call`` to its number's callback of the day (made, or reopened, as needed)."""
        company = call.company_id
        domain = [
            ("company_id", "=", company.id),
            ("number", "=", call.number),
            ("day", "=", self._local_day(call.date_ringing, company)),
        ]
        deadline = call.date_ringing + timedelta(hours=call.connection_id.callback_hours)
        callback = self.search(domain, limit=1)
        if not callback:
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    callback = self.create(
                        {
                            "company_id": company.id,
                            "number": call.number,
                            "day": domain[2][2],
                            "partner_id": call.partner_id.id,
                            "deadline": deadline,
                        }
                    )
                    callback.flush_recordset()
            except psycopg2.errors.UniqueViolation as exc:
                callback = self.search(domain, limit=1)
                if not callback:
                    raise ConcurrentInsert("callback inserted by a concurrent request") from exc
        elif callback.state != "open" and (
            not callback.closed_by_call_id or callback.closed_by_call_id.date_ringing < call.date_ringing
        ):
            # the client called again after the callback was closed, and nobody answered: back on the list
            callback.write({"state": "open", "date_done": False, "closed_by_call_id": False, "deadline": deadline})
        call.callback_id = callback
        if not callback.partner_id and call.partner_id:
            callback.partner_id = call.partner_id
        return callback

    @api.model
    def _close_by_call(self, call):
        """Close the open callbacks of the number of the answered ``call`` (those of calls before it)."""
        if not call.number:
            return self.browse()
        callbacks = self.search(
            [
                ("company_id", "=", call.company_id.id),
                ("number", "=", call.number),
                ("state", "=", "open"),
                ("last_call_date", "<=", call.date_answered or call.date_ringing),
            ]
        )
        callbacks.write({"state": "done", "date_done": fields.Datetime.now(), "closed_by_call_id": call.id})
        return callbacks
