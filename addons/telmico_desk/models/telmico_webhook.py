from urllib.parse import urlparse

from odoo import api, fields, models, tools
from odoo.addons.telmico_base.tools.signature import generate_secret
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

# plain http only to this machine (tests, a local relay)
LOCAL_HOSTS = ("127.0.0.1", "localhost")
MANAGER = "telmico_desk.group_desk_manager"
EVENTS_KEY = "telmico.webhook.events"  # the precommit data: {(event, model, id): None}, in the order they happened
# the events that concern a request, and how to reach the request from the record of the event
REQUEST_OF = {
    "telmico.request": lambda record: record,
    "mail.message": lambda record: record.env["telmico.request"].browse(record.res_id),
    "telmico.service": lambda record: record.request_id,
}
# the team chat's options before webhooks (telmico_desk 18.0.1.4): team column -> event
LEGACY_TEAM_EVENTS = {
    "webhook_on_new": "request.created",
    "webhook_on_assign": "request.assigned",
    "webhook_on_sla_breach": "request.sla_breach",
}
LEGACY_MESSAGE_EVENTS = {
    "new": "request.created",
    "assigned": "request.assigned",
    "sla_breach": "request.sla_breach",
    "test": "test",
}


def iso_utc(moment):
    """A naive UTC datetime as ISO 8601 with ``Z`` (None stays None)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


class TelmicoWebhook(models.Model):
    """A subscription of another system (or a team's chat) to events of the Desk, delivered by a cron.

    Events are collected during the transaction that causes them and queued (``telmico.webhook.delivery``) just
    before it commits: a rolled-back transaction queues nothing, and no HTTP call happens inside it.
    """

    _name = "telmico.webhook"
    _inherit = ["mail.thread"]
    _description = "Webhook"
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    kind = fields.Selection(
        [
            ("json", "JSON (signed)"),
            ("slack", "Slack incoming webhook"),
            ("teams", "Microsoft Teams incoming webhook (connector card)"),
            ("teams_workflow", "Microsoft Teams Workflows (Adaptive Card)"),
        ],
        default="json",
        required=True,
        tracking=True,
        help="JSON: the event as a signed JSON document, for other systems. Slack and Teams: a chat message "
        'with a link to the request. Teams Workflows ("Post to a channel when a webhook request is received") '
        "replace the retired connectors' incoming webhooks.",
    )
    url = fields.Char(string="URL", required=True, tracking=True, help="https:// (plain http only to this machine).")
    event_ids = fields.Many2many("telmico.webhook.event", string="Events", required=True)
    team_id = fields.Many2one(
        "telmico.desk.team",
        index="btree_not_null",
        tracking=True,
        help="Only the events of this team's requests (their messages and services); nothing about new clients.",
    )
    secret = fields.Char(
        groups="base.group_system",
        copy=False,
        default=lambda self: generate_secret(),
        help="Signs each delivery: X-Telmico-Signature is sha256= and the HMAC-SHA256 of <timestamp>.<body>.",
    )
    timeout = fields.Integer(string="Timeout (seconds)", default=10, required=True)
    max_failures = fields.Integer(
        string="Disable after",
        default=10,
        required=True,
        help="Consecutive failed attempts after which the webhook is disabled and the administrators are told.",
    )
    failure_count = fields.Integer(string="Consecutive failures", readonly=True, copy=False)
    last_delivery_at = fields.Datetime(readonly=True, copy=False)
    delivery_ids = fields.One2many("telmico.webhook.delivery", "webhook_id", string="Deliveries")
    delivery_count = fields.Integer(compute="_compute_delivery_count")

    _sql_constraints = [
        ("timeout_positive", "CHECK(timeout BETWEEN 1 AND 60)", "The timeout is 1 to 60 seconds."),
        ("max_failures_positive", "CHECK(max_failures > 0)", "Disable after at least one failure."),
    ]

    def _compute_delivery_count(self):
        counts = dict(
            self.env["telmico.webhook.delivery"]._read_group(
                [("webhook_id", "in", self.ids)], ["webhook_id"], ["__count"]
            )
        )
        for webhook in self:
            webhook.delivery_count = counts.get(webhook, 0)

    @api.constrains("url")
    def _check_url(self):
        for webhook in self:
            url = urlparse((webhook.url or "").strip())
            secure = url.scheme == "https" and url.hostname
            local = url.scheme == "http" and url.hostname in LOCAL_HOSTS
            if not (secure or local):
                raise ValidationError(
                    self.env._("The URL of the webhook %s must be an https:// address.", webhook.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        webhooks = super().create(vals_list)
        self.env.registry.clear_cache()  # the active webhooks (_active_ids)
        return webhooks

    def write(self, vals):
        if vals.get("active"):
            vals.setdefault("failure_count", 0)
        result = super().write(vals)
        if "active" in vals:
            self.env.registry.clear_cache()  # the active webhooks (_active_ids)
        if "active" in vals and not vals["active"]:
            self._fail_pending(self.env._("The webhook is disabled."))
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # the active webhooks (_active_ids)
        return result

    @tools.ormcache()
    def _active_ids(self):
        """The active webhooks: looked for at the end of every transaction with an event (every new request, every
        public message), there are few and they change seldom (kept until one is created, enabled, disabled or
        deleted; a delivery's counters do not clear it). Read as the system (see ``_queue_events``)."""
        # sudo: the webhooks' configuration is the administrators'; every user's events are queued
        return tuple(self.sudo().with_context(active_test=True).search([]).ids)

    # ------------------------------------------------------------------ events

    @api.model
    def _event(self, event, records):
        """Note that ``event`` happened to ``records``; the deliveries are queued when the transaction commits.

        Within one transaction an event is queued once per record (a request written three times is updated once),
        and a request created in it is not also "updated".
        """
        if not records:
            return
        precommit = self.env.cr.precommit
        if EVENTS_KEY not in precommit.data:
            precommit.data[EVENTS_KEY] = {}
            precommit.add(self._queue_events)
        events = precommit.data[EVENTS_KEY]
        for record in records:
            events.setdefault((event, record._name, record.id), None)

    def _queue_events(self):
        events = self.env.cr.precommit.data.pop(EVENTS_KEY, {})
        # sudo: subscriptions and their queue are the system's; whoever causes an event fills it
        webhook_ids = self._active_ids()
        if not events or not webhook_ids:
            return
        webhooks = self.sudo().browse(webhook_ids)
        created = {(model, res_id) for event, model, res_id in events if event == "request.created"}
        queued = self.env["telmico.webhook.delivery"]
        for event, model, res_id in events:
            if event == "request.updated" and (model, res_id) in created:
                continue
            # sudo: the event's record is sent as the system sees it, whoever caused the event
            record = self.env[model].sudo().browse(res_id).exists()
            if not record:
                continue
            for webhook in webhooks:
                if event in webhook.event_ids.mapped("code") and webhook._concerns(record):
                    queued |= webhook._enqueue(event, record)
        if queued:
            queued._wake_cron()
        self.env.flush_all()  # the commit this runs in does not flush again

    def _concerns(self, record):
        """Whether the event of ``record`` is this webhook's (its team's, when it has one)."""
        self.ensure_one()
        if not self.team_id:
            return True
        request = self._request_of(record)
        return bool(request) and request.team_id == self.team_id

    @api.model
    def _request_of(self, record):
        """The request an event's record is about (empty for a client)."""
        return REQUEST_OF[record._name](record) if record._name in REQUEST_OF else self.env["telmico.request"]

    def _enqueue(self, event, record=None):
        """Queue ``event`` of ``record`` (None: a test message) for this webhook, as its kind expects it."""
        self.ensure_one()
        # sudo: deliveries are the administrators' log; any user's event queues one
        return self.env["telmico.webhook.delivery"].sudo()._prepare(self, event, record)

    # --------------------------------------------------------------- outcomes

    def _delivery_result(self, ok):
        """Count the consecutive failed attempts; disable the webhook and tell the administrators at the limit."""
        self.ensure_one()
        if ok:
            self.write({"failure_count": 0, "last_delivery_at": fields.Datetime.now()})
            return
        failures = self.failure_count + 1
        self.write({"failure_count": failures})
        if failures >= self.max_failures and self.active:
            self.active = False
            admins = self.env.ref("base.group_system").users.filtered(lambda user: user.active and not user.share)
            self.message_post(
                body=self.env._(
                    "The webhook %(name)s was disabled after %(count)s consecutive failed deliveries to %(url)s. "
                    "Fix the receiver, then enable it again and retry its failed deliveries.",
                    name=self.name,
                    count=failures,
                    url=self.url,
                ),
                partner_ids=admins.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _fail_pending(self, reason):
        # sudo: the administrators' delivery log, cleared for the webhook given up
        self.env["telmico.webhook.delivery"].sudo().search(
            [("webhook_id", "in", self.ids), ("state", "=", "pending")]
        ).write({"state": "failed", "last_error": reason})

    # ---------------------------------------------------------------- actions

    def action_send_test(self):
        """Queue a test delivery; the cron posts it within a minute (never inside this transaction)."""
        self.ensure_one()
        if not self.active:
            raise ValidationError(self.env._("Enable the webhook first."))
        self._enqueue("test")._wake_cron()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._("The test delivery is queued; its result appears in the deliveries."),
            },
        }

    def action_new_secret(self):
        """A new signing secret (the receiver must be given it)."""
        self.ensure_one()
        self.sudo().secret = generate_secret()  # sudo: the secret is readable by administrators only
        return True

    def action_open_deliveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_desk.telmico_webhook_delivery_action")
        action["domain"] = [("webhook_id", "=", self.id)]
        action["context"] = {"default_webhook_id": self.id}
        return action

    # --------------------------------------------------------------- migration

    @api.model
    def _migrate_team_chats(self):
        """The teams' Slack / Teams channels of telmico_desk 18.0.1.4 become webhooks, their messages deliveries.

        Reads the old columns and table (left by the upgrade), then drops them. Returns the webhooks created.
        """
        cr = self.env.cr
        webhooks = self.browse()
        if not column_exists(cr, "telmico_desk_team", "webhook_url"):
            return webhooks
        events = self.env["telmico.webhook.event"].search([])
        code_to_event = {event.code: event for event in events}
        cr.execute(
            SQL(
                "SELECT id, webhook_url, webhook_kind, %s FROM telmico_desk_team WHERE COALESCE(webhook_url, '') != ''",
                SQL(", ").join(SQL.identifier(column) for column in LEGACY_TEAM_EVENTS),
            )
        )
        by_team = {}
        for row in cr.dictfetchall():
            team = self.env["telmico.desk.team"].browse(row["id"]).with_context(active_test=False)
            codes = [event for column, event in LEGACY_TEAM_EVENTS.items() if row[column]]
            webhook = self.create(
                {
                    "name": self.env._("%s: team chat", team.name),
                    "kind": "teams" if row["webhook_kind"] == "teams" else "slack",
                    "url": row["webhook_url"].strip(),
                    "team_id": team.id,
                    "active": bool(codes),
                    "event_ids": [(6, 0, [code_to_event[code].id for code in codes] or events[:1].ids)],
                }
            )
            by_team[row["id"]] = webhook
            webhooks |= webhook
        if table_exists(cr, "telmico_desk_webhook_message"):
            cr.execute(
                SQL(
                    "SELECT team_id, request_id, event, text, payload, state, attempts, next_attempt_at, last_error,"
                    " sent_at, create_date FROM telmico_desk_webhook_message ORDER BY id"
                )
            )
            Delivery = self.env["telmico.webhook.delivery"]
            for row in cr.dictfetchall():
                webhook = by_team.get(row["team_id"])
                if not webhook:
                    continue
                delivery = Delivery.create(
                    {
                        "webhook_id": webhook.id,
                        "event_id": code_to_event[LEGACY_MESSAGE_EVENTS.get(row["event"], "test")].id,
                        "request_id": row["request_id"],
                        "text": row["text"],
                        "payload": row["payload"] or {},
                        "state": row["state"],
                        "attempts": row["attempts"],
                        "next_attempt_at": row["next_attempt_at"],
                        "last_error": row["last_error"],
                        "sent_at": row["sent_at"],
                    }
                )
                cr.execute(
                    SQL(
                        "UPDATE telmico_webhook_delivery SET create_date = %s WHERE id = %s",
                        row["create_date"],
                        delivery.id,
                    )
                )
            Delivery.invalidate_model(["create_date"])
            cr.execute(SQL("DROP TABLE telmico_desk_webhook_message"))
        for column in ("webhook_url", "webhook_kind", *LEGACY_TEAM_EVENTS):
            cr.execute(SQL("ALTER TABLE telmico_desk_team DROP COLUMN IF EXISTS %s", SQL.identifier(column)))
        return webhooks
