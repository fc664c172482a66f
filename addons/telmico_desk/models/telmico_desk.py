from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .telmico_request import OPEN_STATES

ITEM_LIMIT = 8
REFRESH = "telmico_desk/refresh"


class TelmicoDesk(models.AbstractModel):
    """The Desk: the landing screen of the front office, as blocks of work with live counters.

    Each block is a definition returned by ``_desk_blocks()``: other addons add theirs with
    ``super()`` (a call centre adds its incoming calls). A definition holds:

    - ``key``, ``title`` (translated), ``sequence``, ``icon`` (Font Awesome class);
    - ``model``, ``domain`` and ``order`` of its records, ``alert_domain`` (optional) for the
      part that needs attention now (counted apart, e.g. overdue);
    - ``groups`` (optional): comma-separated group xml ids, any of which shows the block;
      ``visible`` (optional): False hides it;
    - ``buttons``: per-item buttons ``{"label", "method", "primary", "open_form"}``; the method
      is called on the record through ``desk_call`` and only these methods may be called;
    - ``item`` (optional): a callable giving an item's ``title``, ``subtitle``, ``date``,
      ``date_type``, ``badge``, ``badge_class``, ``res_model``/``res_id`` or ``action`` to
      open, and ``buttons`` (the methods of the block's buttons shown on this item);
    - ``action`` (optional): what "Open all" opens; by default the model's list with the domain.

    Everything runs as the current user: record rules decide what each block counts and shows.
    """

    _name = "telmico.desk"
    _description = "Desk"

    # ------------------------------------------------------------ API

    @api.model
    def get_desk_data(self):
        """The blocks of the current user's Desk, with their counters and first items."""
        blocks = [self._desk_block_data(block) for block in self._desk_visible_blocks()]
        return {"blocks": sorted(blocks, key=lambda block: block["sequence"]), "user": self._desk_user_data()}

    @api.model
    def desk_call(self, model, res_id, method):
        """Run an item button of the Desk; only the buttons of the user's blocks may be run.

        :return: the action the method returns, to be opened by the Desk, or None
        """
        blocks = [
            block
            for block in self._desk_visible_blocks()
            if block["model"] == model and method in {button["method"] for button in block.get("buttons", ())}
        ]
        if not blocks:
            raise AccessError(self.env._("The Desk cannot run “%(method)s” on %(model)s.", method=method, model=model))
        record = self.env[model].browse(int(res_id)).exists()
        record.check_access("read")
        # the Desk may be a moment behind: do not take a request a colleague has just taken
        if not any(record.filtered_domain(block["domain"]) for block in blocks):
            raise UserError(
                self.env._(
                    "This is no longer on your Desk: someone may have handled it already. The Desk is refreshed."
                )
            )
        result = getattr(record, method)()
        return result if isinstance(result, dict) and result.get("type") else None

    # ------------------------------------------------------------ blocks

    def _desk_blocks(self):
        """The definitions of every Desk block (see the class docstring); extend with ``super()``."""
        uid = self.env.uid
        teams = self._desk_teams()
        team_domain = [("team_id", "in", teams.ids)] if teams else []
        today = fields.Datetime.to_string(self._desk_today_start())
        take = [{"label": self.env._("Take"), "method": "action_take", "primary": True}]
        unassigned_new = [("state", "=", "new"), ("user_id", "=", False)]
        desk_user = "telmico_desk.group_desk_user"
        headed = self._desk_departments_headed()
        return [
            {
                "key": "chats",
                "title": self.env._("Chats & messengers"),
                "sequence": 10,
                "icon": "fa-comments",
                "groups": "im_livechat.im_livechat_group_user",
                "model": "discuss.channel",
                "domain": [
                    ("channel_type", "=", "livechat"),
                    ("livechat_active", "=", True),
                    "|",
                    ("livechat_operator_id", "=", self.env.user.partner_id.id),
                    ("is_member", "=", True),
                ],
                "order": "last_interest_dt desc, id desc",
                "buttons": [
                    {
                        "label": self.env._("Create request"),
                        "method": "action_telmico_create_request",
                        "primary": True,
                    },
                    {
                        "label": self.env._("Open request"),
                        "method": "action_telmico_open_request",
                        "primary": True,
                    },
                ],
                "item": self._desk_item_chat,
                "action": {"type": "ir.actions.client", "tag": "mail.action_discuss"},
            },
            {
                "key": "emails",
                "title": self.env._("Unprocessed e-mails"),
                "sequence": 20,
                "icon": "fa-envelope",
                "groups": desk_user,
                "model": "telmico.request",
                "domain": [("channel", "=", "email"), *unassigned_new, *team_domain],
                "buttons": take,
                "item": self._desk_item_request,
            },
            {
                "key": "portal",
                "title": self.env._("Personal cabinet requests"),
                "sequence": 30,
                "icon": "fa-user-circle",
                "groups": desk_user,
                "model": "telmico.request",
                "domain": [("channel", "=", "portal"), *unassigned_new],
                "buttons": take,
                "item": self._desk_item_request,
            },
            {
                "key": "my_requests",
                "title": self.env._("My open requests"),
                "sequence": 40,
                "icon": "fa-inbox",
                "groups": desk_user,
                "model": "telmico.request",
                # with the registrations begun from the operator's chats, still being completed
                "domain": [
                    ("user_id", "=", uid),
                    "|",
                    ("state", "in", OPEN_STATES),
                    "&",
                    "&",
                    ("state", "=", "draft"),
                    ("livechat_channel_id", "!=", False),
                    ("interrupted", "=", False),
                ],
                "item": self._desk_item_request,
            },
            {
                "key": "my_services",
                "title": self.env._("My services"),
                "sequence": 50,
                "icon": "fa-tasks",
                "groups": "telmico_service_mgmt.group_service_mgmt_user",
                "model": "telmico.service",
                "domain": [("user_id", "=", uid), ("state", "in", ("to_approve", "in_progress", "waiting"))],
                "alert_domain": [("deadline_state", "=", "overdue")],
                "order": "date_deadline asc, id",
                "item": self._desk_item_service,
            },
            {
                "key": "department",
                "title": self.env._("My departments: to distribute and overdue"),
                "sequence": 55,
                "icon": "fa-sitemap",
                "groups": "telmico_service_mgmt.group_service_mgmt_user",
                "visible": bool(headed),
                "model": "telmico.service",
                "domain": [
                    ("department_id", "in", headed.ids),
                    ("state", "in", ("to_approve", "in_progress")),
                    "|",
                    ("user_id", "=", False),
                    ("deadline_state", "=", "overdue"),
                ],
                "alert_domain": [("deadline_state", "=", "overdue")],
                "order": "date_deadline asc, id",
                "buttons": [
                    {"label": self.env._("Distribute"), "method": "action_distribute", "primary": True},
                    {"label": self.env._("Assign to…"), "method": "action_assign"},
                ],
                "item": self._desk_item_department_service,
            },
            {
                "key": "team",
                "title": self.env._("My team's unassigned work"),
                "sequence": 60,
                "icon": "fa-users",
                "groups": desk_user,
                "visible": bool(teams) or self.env.user.has_group("telmico_desk.group_desk_leader"),
                "model": "telmico.request",
                "domain": [("team_id", "in", teams.ids), ("state", "in", OPEN_STATES), ("user_id", "=", False)],
                "buttons": take,
                "item": self._desk_item_request,
            },
            {
                "key": "activities",
                "title": self.env._("Planned tasks"),
                "sequence": 70,
                "icon": "fa-calendar-check-o",
                "groups": desk_user,
                "model": "mail.activity",
                "domain": [("user_id", "=", uid)],
                "alert_domain": [("date_deadline", "<=", fields.Date.to_string(self._desk_today()))],
                "order": "date_deadline asc, id",
                "buttons": [{"label": self.env._("Done"), "method": "action_done"}],
                "item": self._desk_item_activity,
            },
            {
                "key": "interrupted",
                "title": self.env._("Interrupted registrations"),
                "sequence": 80,
                "icon": "fa-pause-circle",
                "groups": desk_user,
                "model": "telmico.request",
                "domain": [("create_uid", "=", uid), ("state", "=", "draft"), ("interrupted", "=", True)],
                "order": "id desc",
                "buttons": [
                    {
                        "label": self.env._("Continue"),
                        "method": "action_resume",
                        "primary": True,
                        "open_form": True,
                    }
                ],
                "item": self._desk_item_request,
            },
            {
                "key": "done_today",
                "title": self.env._("Completed today"),
                "sequence": 90,
                "icon": "fa-check-circle",
                "groups": desk_user,
                "model": "telmico.request",
                "domain": [
                    ("user_id", "=", uid),
                    ("state", "in", ("resolved", "closed")),
                    "|",
                    ("date_resolved", ">=", today),
                    ("date_closed", ">=", today),
                ],
                "order": "write_date desc, id desc",
                "item": self._desk_item_done,
            },
        ]

    def _desk_visible_blocks(self):
        """The block definitions the current user's roles give them."""
        user = self.env.user
        return [
            block
            for block in self._desk_blocks()
            if block.get("visible", True)
            and (not block.get("groups") or any(user.has_group(group) for group in block["groups"].split(",")))
        ]

    def _desk_block_data(self, block):
        """What the client shows of a block: counters, the first items, the "Open all" action."""
        Model = self.env[block["model"]]
        domain = block["domain"]
        records = Model.search(domain, order=block.get("order"), limit=ITEM_LIMIT)
        count = len(records) if len(records) < ITEM_LIMIT else Model.search_count(domain)
        alert = Model.search_count(domain + block["alert_domain"]) if block.get("alert_domain") else 0
        buttons = [
            {
                "label": button["label"],
                "method": button["method"],
                "primary": button.get("primary", False),
                "open_form": button.get("open_form", False),
            }
            for button in block.get("buttons", ())
        ]
        return {
            "key": block["key"],
            "title": block["title"],
            "sequence": block["sequence"],
            "icon": block.get("icon") or "fa-circle-o",
            "count": count,
            "alert": alert,
            "items": [self._desk_item(block, record, buttons) for record in records],
            "action": block.get("action") or self._desk_open_all_action(block),
        }

    def _desk_item(self, block, record, buttons):
        item = {
            "id": record.id,
            "model": record._name,
            "res_model": record._name,
            "res_id": record.id,
            "title": record.display_name,
            "number": False,
            "subtitle": False,
            "date": False,
            "date_type": "datetime",
            "badge": False,
            "badge_class": "secondary",
            "priority": False,
            "sla": False,
            "sla_class": "secondary",
            "action": False,
        }
        if block.get("item"):
            item.update(block["item"](record))
        shown = item.pop("buttons", None)
        item["buttons"] = [button for button in buttons if shown is None or button["method"] in shown]
        return item

    def _desk_open_all_action(self, block):
        return {
            "type": "ir.actions.act_window",
            "name": block["title"],
            "res_model": block["model"],
            "domain": block["domain"],
            "views": [(False, "list"), (False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------ items

    def _desk_item_request(self, request):
        state_classes = {"new": "info", "in_progress": "primary", "pending": "warning", "resolved": "success"}
        states = dict(request._fields["state"]._description_selection(self.env))
        channels = dict(request._fields["channel"]._description_selection(self.env))
        subtitle = " · ".join(filter(None, [request.partner_id.display_name, channels.get(request.channel)]))
        if request.state == "draft":  # a registration: no number yet
            return {
                "title": request.subject or request.partner_id.display_name or self.env._("Registration"),
                "subtitle": subtitle,
                "date": fields.Datetime.to_string(request.handling_start or request.create_date),
                "badge": self.env._("Interrupted") if request.interrupted else states["draft"],
                "badge_class": "warning",
            }
        # the badge is always the state; urgency is a mark of its own, the SLA its own words
        urgent = request.priority in ("2", "3")
        return {
            "title": request.subject or request.partner_id.display_name or request.name,
            "number": request.name,
            "subtitle": subtitle,
            "date": fields.Datetime.to_string(request.date_registered or request.create_date),
            "badge": states[request.state],
            "badge_class": state_classes.get(request.state, "secondary"),
            "priority": dict(request._fields["priority"]._description_selection(self.env))[request.priority]
            if urgent
            else False,
            "sla": request.sla_label if request.sla_state in ("at_risk", "breached") else False,
            "sla_class": "danger" if request.sla_state == "breached" else "warning",
        }

    def _desk_item_done(self, request):
        """A request completed today: when it was completed, not when it was registered."""
        item = self._desk_item_request(request)
        done = max(filter(None, [request.date_resolved, request.date_closed]), default=False)
        if done:
            item["date"] = fields.Datetime.to_string(done)
        return item

    def _desk_item_service(self, service):
        deadline_states = dict(service._fields["deadline_state"]._description_selection(self.env))
        classes = {"overdue": "danger", "at_risk": "warning", "on_track": "success", "paused": "info"}
        return {
            "subtitle": " · ".join(filter(None, [service.template_id.name, service.partner_id.display_name])),
            "date": fields.Datetime.to_string(service.date_executor_deadline or service.date_deadline),
            "badge": deadline_states.get(service.deadline_state),
            "badge_class": classes.get(service.deadline_state, "secondary"),
        }

    def _desk_item_department_service(self, service):
        """A service of a department the user heads: who has it (nobody yet), and the buttons to give it out."""
        item = self._desk_item_service(service)
        executor = service.user_id.name or self.env._("nobody yet")
        item["subtitle"] = " · ".join(
            filter(None, [executor, service.template_id.name, service.partner_id.display_name])
        )
        if not service.user_id and service.deadline_state != "overdue":
            item.update(badge=self.env._("To distribute"), badge_class="info")
        buttons = []
        if service.state == "in_progress":
            buttons = ["action_assign"] if service.user_id else ["action_distribute", "action_assign"]
        item["buttons"] = buttons
        return item

    def _desk_item_activity(self, activity):
        states = dict(activity._fields["state"]._description_selection(self.env))
        classes = {"overdue": "danger", "today": "warning", "planned": "success"}
        return {
            "title": activity.summary or activity.activity_type_id.name,
            "subtitle": activity.res_name,
            "date": fields.Date.to_string(activity.date_deadline),
            "date_type": "date",
            "badge": states.get(activity.state),
            "badge_class": classes.get(activity.state, "secondary"),
            "res_model": activity.res_model,
            "res_id": activity.res_id,
        }

    def _desk_item_chat(self, channel):
        request = channel._telmico_request()
        if request.state == "draft":
            badge, badge_class = self.env._("Registration"), "warning"
        elif request:
            badge, badge_class = self.env._("Request"), "info"
        else:
            badge, badge_class = self.env._("Live"), "success"
        return {
            "title": request.partner_id.name or channel.anonymous_name or channel.display_name,
            "subtitle": request.display_name or channel.livechat_channel_id.name,
            "date": fields.Datetime.to_string(channel.last_interest_dt or channel.create_date),
            "badge": badge,
            "badge_class": badge_class,
            "action": {
                "type": "ir.actions.client",
                "tag": "mail.action_discuss",
                "context": {"active_id": f"discuss.channel_{channel.id}"},
            },
            "buttons": ["action_telmico_open_request"] if request else ["action_telmico_create_request"],
        }

    # ------------------------------------------------------------ helpers

    def _desk_teams(self):
        """The teams the user works in or leads (none for a user without a Desk role)."""
        Team = self.env["telmico.desk.team"]
        if not Team.has_access("read"):
            return Team
        uid = self.env.uid
        return Team.search(["|", ("member_ids", "in", uid), ("leader_id", "=", uid)])

    def _desk_departments_headed(self):
        """The service departments the user heads (none for a user without services)."""
        Department = self.env["telmico.service.department"]
        if not Department.has_access("read"):
            return Department
        return Department.search([("manager_id", "=", self.env.uid)])

    def _desk_user_data(self):
        user = self.env.user
        return {
            "id": user.id,
            "name": user.name,
            "teams": self._desk_teams().mapped("name") + self._desk_departments_headed().mapped("name"),
            "is_leader": user.has_group("telmico_desk.group_desk_leader"),
            "is_agent": user.has_group("telmico_desk.group_desk_user"),
        }

    def _desk_tz(self):
        return pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")

    def _desk_today(self):
        return datetime.now(self._desk_tz()).date()

    def _desk_today_start(self):
        """Midnight of the user's today, in UTC (as stored)."""
        tz = self._desk_tz()
        return tz.localize(datetime.combine(self._desk_today(), time.min)).astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _desk_notify(self, partners):
        """Ask the Desks of these partners' users to refresh, once per partner and transaction.

        The bus message is queued before the commit (like every bus message) so a Desk never
        reloads before the change it is told about is visible.
        """
        if not partners:
            return
        data = self.env.cr.precommit.data
        if "telmico_desk.refresh" not in data:
            data["telmico_desk.refresh"] = set()
            partner_model = self.env["res.partner"]

            @self.env.cr.precommit.add
            def send_refresh():
                partner_ids = sorted(data.pop("telmico_desk.refresh", ()))
                partner_model.browse(partner_ids)._bus_send(REFRESH, {})

        data["telmico_desk.refresh"].update(partners.ids)
