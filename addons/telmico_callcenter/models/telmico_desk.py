from datetime import timedelta

from odoo import fields, models

RECENT_CALL_HOURS = 2  # calls of the agent's Desk: the ones ringing or on the line, and those just ended


class TelmicoDesk(models.AbstractModel):
    """The call centre's blocks on the Desk: the agent's calls (the screen pop) and the callbacks to make."""

    _inherit = "telmico.desk"

    def _desk_blocks(self):
        blocks = super()._desk_blocks()
        since = fields.Datetime.now() - timedelta(hours=RECENT_CALL_HOURS)
        user = "telmico_callcenter.group_callcenter_user"
        blocks += [
            {
                "key": "agent_state",
                "title": self.env._("My status"),
                "sequence": 4,
                "icon": "fa-headphones",
                "groups": user,
                "model": "res.users",
                "domain": [("id", "=", self.env.uid)],
                "buttons": [
                    {"label": self.env._("Available"), "method": "action_telmico_available", "primary": True},
                    {"label": self.env._("Break"), "method": "action_telmico_break"},
                ],
                "item": self._desk_item_agent_state,
                "action": {"type": "ir.actions.client", "tag": "telmico_callcenter.wallboard"}
                if self.env.user.has_group("telmico_callcenter.group_callcenter_manager")
                else "telmico_callcenter.telmico_call_action",
            },
            {
                "key": "calls",
                "title": self.env._("My calls"),
                "sequence": 5,
                "icon": "fa-phone",
                "groups": user,
                "model": "telmico.call",
                "domain": [("user_id", "=", self.env.uid), ("date_ringing", ">=", since), ("request_id", "=", False)],
                "alert_domain": [("state", "!=", "done")],
                "order": "date_ringing desc, id desc",
                "buttons": [
                    {"label": self.env._("New request"), "method": "action_create_request", "primary": True},
                    {"label": self.env._("Client card"), "method": "action_open_client"},
                ],
                "item": self._desk_item_call,
            },
            {
                "key": "callbacks",
                "title": self.env._("Callbacks"),
                "sequence": 6,
                "icon": "fa-phone-square",
                "groups": user,
                "model": "telmico.callback",
                "domain": [("state", "=", "open"), ("user_id", "in", [False, self.env.uid])],
                "alert_domain": [("deadline", "<", fields.Datetime.to_string(fields.Datetime.now()))],
                "order": "deadline, id",
                "buttons": [
                    {"label": self.env._("Call"), "method": "action_call", "primary": True},
                    {"label": self.env._("Take"), "method": "action_take"},
                    {"label": self.env._("Done"), "method": "action_done"},
                ],
                "item": self._desk_item_callback,
            },
        ]
        return blocks

    def _desk_item_agent_state(self, user):
        state = user.telmico_agent_state or "offline"
        label = dict(user._fields["telmico_agent_state"]._description_selection(self.env))[state]
        return {
            "title": self.env._("Extension %s", user.telmico_extension) if user.telmico_extension else user.name,
            "subtitle": False,
            "date": fields.Datetime.to_string(user.telmico_agent_state_since),
            "badge": label,
            "badge_class": {"available": "success", "on_call": "danger", "after_call": "warning"}.get(state, "light"),
            "buttons": [
                method
                for method, shown in (("action_telmico_available", "available"), ("action_telmico_break", "break"))
                if state != shown
            ],
            "action": "telmico_callcenter.telmico_call_action",
        }

    def _desk_item_call(self, call):
        clients = call.partner_id or call.partner_match_ids
        if len(clients) == 1:
            title = clients.display_name
        elif clients:
            title = self.env._("%s clients with this number", len(clients))
        else:
            title = self.env._("Unknown number")
        details = [call.number_display]
        if call.ivr_choice:
            details.append(self.env._("IVR: %s", call.ivr_choice))
        if len(clients) == 1:
            info = call._clients_info(clients)[0]
            if info["debt"] > 0:
                details.append(
                    self.env._("Debt %(amount).2f %(currency)s", amount=info["debt"], currency=info["currency"])
                )
            if info["open_request_count"]:
                details.append(self.env._("Open requests: %s", info["open_request_count"]))
        if call.state == "done" and call.disposition:
            # an ended call says how it ended (answered, missed, abandoned)
            badge = dict(call._fields["disposition"]._description_selection(self.env))[call.disposition]
            badge_class = "light" if call.disposition == "answered" else "danger"
        else:
            badge = dict(call._fields["state"]._description_selection(self.env))[call.state]
            badge_class = "success" if call.state == "talking" else "warning"
        return {
            "title": title,
            "subtitle": " · ".join(filter(None, details)),
            "date": fields.Datetime.to_string(call.date_ringing),
            "badge": badge,
            "badge_class": badge_class,
            "buttons": ["action_create_request", "action_open_client"],
        }

    def _desk_item_callback(self, callback):
        details = [self.env._("Attempts: %s", callback.attempt_count)]
        if callback.partner_id:
            details.insert(0, callback.number_display)
        if callback.ivr_choice:
            details.append(self.env._("IVR: %s", callback.ivr_choice))
        return {
            "title": callback.partner_id.display_name or callback.number_display,
            "subtitle": " · ".join(details),
            "date": fields.Datetime.to_string(callback.deadline),
            "badge": callback.user_id.name or "",
            "badge_class": "info",
            "buttons": ["action_call", "action_done"]
            if callback.user_id
            else ["action_call", "action_take", "action_done"],
        }
