from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError

HOME_TZ = "Asia/Tbilisi"
SERVICE_LEVEL_PARAM = "telmico_callcenter.service_level_seconds"
DEFAULT_SERVICE_LEVEL_SECONDS = 20


class TelmicoCallcenterWallboard(models.AbstractModel):
    """The supervisors' live wallboard: queues, waiting calls, agents' states and today's figures."""

    _name = "telmico.callcenter.wallboard"
    _description = "Call centre wallboard"

    @api.model
    def get_wallboard_data(self):
        """Today's figures (Tbilisi day) of the calls of the user's companies, for the wallboard client action.

        ``service_level``: the share (%) of today's inbound calls answered within the threshold (system parameter
        ``telmico_callcenter.service_level_seconds``, 20 s by default), of all inbound calls that ended today.
        """
        if not self.env.user.has_group("telmico_callcenter.group_callcenter_manager"):
            raise AccessError(self.env._("The wallboard is for call centre administrators."))
        now = fields.Datetime.now()
        threshold = int(
            # sudo: the service-level threshold is a system parameter (managers checked above)
            self.env["ir.config_parameter"].sudo().get_param(SERVICE_LEVEL_PARAM, DEFAULT_SERVICE_LEVEL_SECONDS)
        )
        Call = self.env["telmico.call"]
        today = [("date_ringing", ">=", self._day_start()), ("direction", "=", "incoming")]
        totals = dict.fromkeys(("answered", "missed", "abandoned"), 0)
        for disposition, count in Call._read_group(
            [*today, ("disposition", "!=", False)], ["disposition"], ["__count"]
        ):
            totals[disposition] = count
        within = Call.search_count([*today, ("disposition", "=", "answered"), ("wait_seconds", "<=", threshold)])
        ended = sum(totals.values())
        [(avg_wait, avg_talk)] = Call._read_group(
            [*today, ("disposition", "=", "answered")], [], ["wait_seconds:avg", "talk_seconds:avg"]
        )
        waiting = Call.search([("state", "=", "ringing"), ("direction", "=", "incoming")], order="date_ringing")
        queues = {}
        for queue, disposition, count in Call._read_group(today, ["queue", "disposition"], ["__count"]):
            figures = queues.setdefault(queue or "", {"queue": queue or "", "waiting": 0, "answered": 0, "lost": 0})
            figures["answered" if disposition == "answered" else "lost" if disposition else "waiting"] += count
        for call in waiting:
            queues.setdefault(call.queue or "", {"queue": call.queue or "", "waiting": 0, "answered": 0, "lost": 0})
        for figures in queues.values():
            figures["waiting"] = len(waiting.filtered(lambda c, q=figures["queue"]: (c.queue or "") == q))
        answered_by = dict(Call._read_group([*today, ("disposition", "=", "answered")], ["user_id"], ["__count"]))
        # the labels in the user's language (the module-level list holds the English source)
        state_labels = dict(self.env["res.users"]._fields["telmico_agent_state"]._description_selection(self.env))
        state_labels.setdefault("offline", self.env._("Offline"))
        agents = self.env["res.users"].search(
            [("telmico_extension", "!=", False), ("share", "=", False), ("company_ids", "in", self.env.companies.ids)],
            order="name",
        )
        return {
            "service_level": round(100.0 * within / ended, 1) if ended else None,
            "service_level_seconds": threshold,
            "answered": totals["answered"],
            "missed": totals["missed"],
            "abandoned": totals["abandoned"],
            "average_wait": round(avg_wait or 0),
            "average_talk": round(avg_talk or 0),
            "waiting": len(waiting),
            "longest_wait": int((now - waiting[0].date_ringing).total_seconds()) if waiting else 0,
            "queues": sorted(queues.values(), key=lambda figures: figures["queue"]),
            "agents": [
                {
                    "id": agent.id,
                    "name": agent.name,
                    "extension": agent.telmico_extension,
                    "state": agent.telmico_agent_state or "offline",
                    "state_label": state_labels[agent.telmico_agent_state or "offline"],
                    "since": fields.Datetime.to_string(agent.telmico_agent_state_since),
                    "answered": answered_by.get(agent, 0),
                }
                for agent in agents
            ],
            "open_callbacks": self.env["telmico.callback"].search_count([("state", "=", "open")]),
        }

    @api.model
    def _day_start(self):
        """Midnight of today in Tbilisi, in UTC (naive, as datetimes are stored)."""
        tz = pytz.timezone(self.env.company.partner_id.tz or HOME_TZ)
        local_today = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()
        return tz.localize(datetime.combine(local_today, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
