import json
import time
import uuid
from datetime import timedelta

import requests

from odoo import api, fields, models
from odoo.addons.telmico_base.tools.signature import sign


class TelmicoWebhookDelivery(models.Model):
    """One event for one webhook: queued in the transaction that caused it, posted by a cron, retried with
    back-off (2, 4, 8, 16 minutes), then failed. The record is the delivery log: status, attempts, the last
    response code and how long the receiver took."""

    _name = "telmico.webhook.delivery"
    _inherit = ["telmico.outbox.mixin"]
    _description = "Webhook delivery"
    _order = "id desc"

    MAX_ATTEMPTS = 5
    KEEP_SENT_DAYS = 30  # delivered ones are kept this long for inspection, then purged

    webhook_id = fields.Many2one("telmico.webhook", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(related="webhook_id.kind")
    event_id = fields.Many2one("telmico.webhook.event", required=True, ondelete="restrict")
    event = fields.Char(related="event_id.code")
    uuid = fields.Char(
        string="Delivery ID", required=True, readonly=True, copy=False, default=lambda self: str(uuid.uuid4())
    )
    request_id = fields.Many2one("telmico.request", ondelete="set null", index="btree_not_null")
    text = fields.Text(readonly=True, help="The chat message (Slack, Teams).")
    response_code = fields.Integer(readonly=True, help="The HTTP status of the last attempt (0: no answer).")
    duration_ms = fields.Integer(string="Duration (ms)", readonly=True, help="How long the last attempt took.")

    # ------------------------------------------------------------------ queue

    @api.model
    def _prepare(self, webhook, event, record=None):
        """The delivery of ``event`` of ``record`` (None: a test) for ``webhook``, with the body its kind expects."""
        event_record = self.env["telmico.webhook.event"].search([("code", "=", event)], limit=1)
        request = self.env["telmico.webhook"]._request_of(record) if record is not None else None
        # the texts in the company's language, whoever caused the event
        lang = (webhook.team_id.company_id or self.env.company).partner_id.lang or self.env.lang
        this = self.with_context(lang=lang)
        text = this._chat_text(event, record, webhook)
        delivery_id = str(uuid.uuid4())
        if webhook.kind == "json":
            payload = {
                "id": delivery_id,
                "event": event,
                "created_at": fields.Datetime.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
                "data": record._webhook_data() if record else {"message": text},
            }
        else:
            payload = this._chat_payload(webhook.kind, text, record)
        return self.create(
            {
                "webhook_id": webhook.id,
                "event_id": event_record.id,
                "uuid": delivery_id,
                "request_id": request.id if request else False,
                "text": text,
                "payload": payload,
            }
        )

    def _wake_cron(self):
        cron = self.env.ref("telmico_desk.ir_cron_webhook_send", raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger()  # sudo: whoever caused the event wakes the system's cron

    @api.model
    def _chat_text(self, event, record, webhook):
        """The chat message of ``event`` (also kept on JSON deliveries, for the log)."""
        _ = self.env._
        if record is None:
            return _("Telmico: test message of the webhook %s. Notifications will appear here.", webhook.name)
        if record._name == "res.partner":
            return _("New client %(client)s", client=record.display_name)
        request = self.env["telmico.webhook"]._request_of(record)
        values = {
            "request": request.name,
            "team": request.team_id.name or "",
            "subject": request.subject or "",
            "user": request.user_id.name or _("nobody"),
        }
        if event == "request.created":
            text = _("New request %(request)s (%(team)s): %(subject)s", **values)
        elif event == "request.assigned":
            text = _("%(request)s assigned to %(user)s: %(subject)s", **values)
        elif event == "request.sla_breach":
            text = _(
                "SLA breached on %(request)s (%(policy)s), assigned to %(user)s: %(subject)s",
                policy=request.sla_id.name,
                **values,
            )
        elif event == "request.resolved":
            text = _("%(request)s resolved: %(subject)s", **values)
        elif event == "message.created":
            text = _("New message on %(request)s from %(author)s", author=record.author_id.name or "", **values)
        elif event == "service.done":
            text = _("Service %(service)s of %(request)s done", service=record.display_name, **values)
        else:
            state = dict(request._fields["state"]._description_selection(self.env))[request.state]
            text = _("%(request)s updated (%(state)s): %(subject)s", state=state, **values)
        return f"{text}\n{request.get_base_url()}/odoo/telmico.request/{request.id}"

    @api.model
    def _chat_payload(self, kind, text, record):
        if kind == "teams":
            # an Office 365 connector card: what a Teams "Incoming Webhook" (connector) accepts
            return {
                "@type": "MessageCard",
                "@context": "https://schema.org/extensions",
                "summary": text.splitlines()[0][:80],
                "text": text,
            }
        if kind == "teams_workflow":
            # what the Teams Workflows template "Post to a channel when a webhook request is received" accepts
            lines = text.splitlines()
            card = {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": [{"type": "TextBlock", "text": lines[0], "wrap": True, "weight": "Bolder"}],
            }
            if len(lines) > 1 and lines[-1].startswith("http"):
                card["actions"] = [
                    {"type": "Action.OpenUrl", "title": self.env._("Open the request"), "url": lines[-1]}
                ]
            return {
                "type": "message",
                "attachments": [
                    {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
                ],
            }
        return {"text": text}

    # ------------------------------------------------------------------ sending

    def _post(self):
        webhook = self.webhook_id.sudo()  # sudo: the secret is the system's
        body = json.dumps(self.payload, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Telmico-Webhooks/1.0",
            "X-Telmico-Event": self.event,
            "X-Telmico-Delivery": self.uuid,
            "X-Telmico-Timestamp": str(timestamp),
            "X-Telmico-Signature": sign(webhook.secret or "", timestamp, body),
        }
        started = time.monotonic()
        try:
            response = requests.post(webhook.url, data=body, headers=headers, timeout=webhook.timeout)
        except requests.RequestException:
            self.write({"response_code": 0, "duration_ms": int((time.monotonic() - started) * 1000)})
            raise
        self.write({"response_code": response.status_code, "duration_ms": int((time.monotonic() - started) * 1000)})
        return response

    def _send(self):
        if not self.webhook_id.active:
            # disabled while the cron ran (its failures reached the limit): the delivery waits for the administrator
            self.write({"state": "failed", "last_error": self.env._("The webhook is disabled.")})
            return False
        ok = super()._send()
        self.webhook_id.sudo()._delivery_result(ok)  # sudo: the cron's bookkeeping of the subscription
        return ok

    @api.autovacuum
    def _gc_sent(self):
        """Purge delivered messages older than KEEP_SENT_DAYS; pending and failed ones stay for follow-up."""
        limit = fields.Datetime.now() - timedelta(days=self.KEEP_SENT_DAYS)
        old = self.search([("state", "=", "sent"), ("sent_at", "<", limit)])
        old.unlink()
        return len(old)

    def action_retry(self):
        super().action_retry()
        self._wake_cron()
        return True
