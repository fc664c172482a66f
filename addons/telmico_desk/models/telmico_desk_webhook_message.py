from datetime import timedelta

import requests

from odoo import api, fields, models

WEBHOOK_EVENTS = [
    ("new", "New request"),
    ("assigned", "Assignment"),
    ("sla_breach", "SLA breach"),
    ("test", "Test message"),
]
# the team's option that asks for each event
EVENT_OPTIONS = {"new": "webhook_on_new", "assigned": "webhook_on_assign", "sla_breach": "webhook_on_sla_breach"}


class TelmicoDeskWebhookMessage(models.Model):
    """A message for a team's Slack or Microsoft Teams channel, posted by a cron with retries.

    Events only fill this queue: the HTTP call never happens inside the transaction of the user who
    caused the event, and a channel that is down does not slow the Desk down.
    """

    _name = "telmico.desk.webhook.message"
    _inherit = ["telmico.outbox.mixin"]
    _description = "Team chat message"
    _order = "id desc"

    MAX_ATTEMPTS = 5
    KEEP_SENT_DAYS = 30  # delivered messages are kept this long for inspection, then purged

    team_id = fields.Many2one("telmico.desk.team", required=True, ondelete="cascade", index=True)
    request_id = fields.Many2one("telmico.request", ondelete="set null", index="btree_not_null")
    event = fields.Selection(WEBHOOK_EVENTS, required=True)
    text = fields.Text(readonly=True)

    @api.model
    def _enqueue(self, team, event, text, request=None):
        """Queue ``text`` for the team's channel (in the JSON its kind expects) and wake the sending cron."""
        # sudo: the queue is the system's; agents cause events but do not see the channel's address
        team = team.sudo()
        if not team.webhook_url:
            return self.browse()
        message = (
            self.sudo()
            .create(
                {
                    "team_id": team.id,
                    "request_id": request.id if request else False,
                    "event": event,
                    "text": text,
                    "payload": self._payload(team.webhook_kind, text),
                }
            )
            .sudo(False)
        )
        cron = self.env.ref("telmico_desk.ir_cron_webhook_send", raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger()
        return message

    @api.model
    def _enqueue_request_event(self, requests, event):
        """Queue the team-chat message of ``event`` (new, assigned, sla_breach) for each of ``requests``.

        Only the teams that asked for that event get it.
        """
        # sudo: a customer opening a request in the personal cabinet may not read teams
        option = EVENT_OPTIONS[event]
        for request in requests.sudo().filtered(lambda r: r.team_id[option]):
            if event == "new":
                text = self.env._(
                    "New request %(request)s (%(team)s): %(subject)s",
                    request=request.name,
                    team=request.team_id.name,
                    subject=request.subject or "",
                )
            elif event == "assigned":
                text = self.env._(
                    "%(request)s assigned to %(user)s: %(subject)s",
                    request=request.name,
                    user=request.user_id.name,
                    subject=request.subject or "",
                )
            else:
                text = self.env._(
                    "SLA breached on %(request)s (%(policy)s), assigned to %(user)s: %(subject)s",
                    request=request.name,
                    policy=request.sla_id.name,
                    user=request.user_id.name or self.env._("nobody"),
                    subject=request.subject or "",
                )
            link = f"{request.get_base_url()}/odoo/telmico.request/{request.id}"
            self._enqueue(request.team_id, event, f"{text}\n{link}", request=request)

    @api.model
    def _payload(self, kind, text):
        if kind == "teams":
            # an Office 365 connector card: what a Teams "Incoming Webhook" accepts
            return {
                "@type": "MessageCard",
                "@context": "https://schema.org/extensions",
                "summary": text.splitlines()[0][:80] if text else "",
                "text": text,
            }
        return {"text": text}

    def _post(self):
        url = self.team_id.webhook_url
        if not url:
            raise requests.RequestException("The team has no webhook address.")
        return requests.post(url, json=self.payload, timeout=5)

    @api.autovacuum
    def _gc_sent(self):
        """Purge delivered messages older than KEEP_SENT_DAYS; pending and failed ones stay for follow-up."""
        limit = fields.Datetime.now() - timedelta(days=self.KEEP_SENT_DAYS)
        old = self.search([("state", "=", "sent"), ("sent_at", "<", limit)])
        old.unlink()
        return len(old)

    def action_retry(self):
        super().action_retry()
        cron = self.env.ref("telmico_desk.ir_cron_webhook_send", raise_if_not_found=False)
        if cron:
            cron._trigger()
        return True
