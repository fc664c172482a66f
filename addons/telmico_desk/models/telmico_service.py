from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import plaintext2html

from .telmico_webhook import iso_utc

# what the Desks' service blocks show (executor, department, state, overdue): a change refreshes them
DESK_FIELDS = {"user_id", "state", "department_id", "escalation_level", "executor_escalated"}


class TelmicoService(models.Model):
    _inherit = "telmico.service"

    request_id = fields.Many2one("telmico.request", index="btree_not_null", tracking=True)
    # kept on the service for the agents' record rule: "a service of my teams' requests" is then a look-up among
    # a few teams instead of a scan of every request of those teams
    request_team_id = fields.Many2one(related="request_id.team_id", store=True, string="Team of the request")
    client_question_channel = fields.Selection(
        selection_add=[("portal", "Personal cabinet")], ondelete={"portal": "set null"}
    )

    @api.model_create_multi
    def create(self, vals_list):
        services = super().create(vals_list)
        services.filtered(lambda s: s.user_id or s.department_id)._notify_desk()
        return services

    def write(self, vals):
        if not DESK_FIELDS & set(vals):
            return super().write(vals)
        # sudo: only who is told to refresh; after the write the user may no longer see the service (handed over)
        audience_before = self.sudo()._desk_audience()
        result = super().write(vals)
        self._notify_desk(audience_before)
        if vals.get("state") == "closed":
            self.env["telmico.webhook"]._event("service.done", self.filtered(lambda s: s.result == "done"))
        return result

    def _webhook_data(self):
        """The service as the ``data`` of a JSON webhook."""
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name or "",
            "template_id": self.template_id.id or None,
            "template_name": self.template_id.name or None,
            "state": self.state,
            "result": self.result or None,
            "request_id": self.request_id.id or None,
            "request_number": self.request_id.name or None,
            "client_id": self.partner_id.id or None,
            "subscriber_number": self.subscriber_id.number or None,
            "closed_at": iso_utc(self.date_closed),
        }

    def _desk_audience(self):
        """Users whose Desks list these services: their executors and their departments' heads."""
        return self.user_id | self.department_id.manager_id

    def _notify_desk(self, extra_users=None):
        """The executors' and heads' Desks list their services: tell them to refresh (bus)."""
        # sudo: only who is told to refresh (see write)
        users = self.sudo()._desk_audience() | (extra_users or self.env["res.users"])
        self.env["telmico.desk"]._desk_notify(users.filtered(lambda u: not u.share).partner_id)

    @api.model
    def _create_asked(self, template, request, subscriber, field_values):
        """A service a customer asked for (personal cabinet, API) on ``request``: the template's snapshot with
        the customer's answers (``{key: field values}``)."""
        snapshot = self._snapshot_template(template, request.partner_id, {})
        return self.create(
            {
                "template_id": template.id,
                "partner_id": request.partner_id.id,
                "subscriber_id": subscriber.id,
                "request_id": request.id,
                "value_ids": [
                    Command.create({**vals, **field_values.get(vals["key"], {})})
                    for _command, _id, vals in snapshot["value_ids"]
                ],
            }
        )

    def _register_or_explain(self, **post_values):
        """Register a service a customer asked for, or say on its request why it waits for an operator."""
        self.ensure_one()
        blockers = self._portal_registration_blockers()
        if not blockers:
            self.action_register()
            return
        self.request_id.message_post(
            body=self.env._(
                "The service %(service)s stays a draft for an operator: %(reasons)s.",
                service=self.template_id.name,
                reasons="; ".join(blockers),
            ),
            subtype_xmlid="mail.mt_note",
            **post_values,
        )

    def _portal_registration_blockers(self):
        """Why a service asked for in the personal cabinet cannot be registered without an operator.

        A simple service is done at once by whoever registers it and a data change needs the new
        values typed and approved: both are left to an operator, as are services with required
        fields the customer was not asked or mandatory actions. Empty when it can be registered.
        """
        self.ensure_one()
        blockers = []
        if self.kind == "simple":
            blockers.append(self.env._("an operator does a simple service"))
        if self.data_change != "none":
            blockers.append(self.env._("an operator enters the data change for approval"))
        missing = self.value_ids.filtered(lambda v: v.required and v._is_empty())
        if missing:
            blockers.append(self.env._("fields to fill in: %s", ", ".join(missing.mapped("name"))))
        undone = self.action_line_ids.filtered(lambda a: a.kind == "mandatory" and not a.done)
        if undone:
            blockers.append(self.env._("mandatory actions: %s", "; ".join(undone.mapped("name"))))
        return blockers

    # ------------------------------------------------------------- offers

    def _offer_service_values(self, template):
        """A service offered by a hint joins the same request."""
        values = super()._offer_service_values(template)
        if self.request_id:
            values["request_id"] = self.request_id.id
        return values

    def _offer_service_action(self):
        """Over the request: the offered service is filled in a dialog, the request stays where it is."""
        action = super()._offer_service_action()
        if self.request_id:
            action["target"] = "new"
        return action

    # ------------------------------------------------- waiting for the client

    def _client_channel_default(self):
        """The personal cabinet only when the service has a request the client sees there."""
        channel = super()._client_channel_default()
        # sudo: a back-office executor may not read requests; only whether the client sees this one is read
        request = self.sudo().request_id
        if channel == "portal" and not (request and request.state != "draft"):
            client = self.partner_id
            channel = "email" if client.email or not (client.mobile or client.phone) else "sms"
        return channel

    def _ask_client_by_portal(self, question):
        """The question in the conversation of the service's request, in the client's personal cabinet (the client
        is notified as its follower); the client's answer there, or by e-mail to it, ends the wait."""
        # sudo: a back-office executor may not read requests; the question is posted, in their name, on the
        # service's own request, to its client
        request = self.sudo().request_id
        if not request or request.state == "draft":
            raise UserError(
                self.env._(
                    "%s has no registered request the client sees in the personal cabinet: choose another channel.",
                    self.name,
                )
            )
        env = self._client_texts()
        body = Markup("<p>%s</p>%s<p>%s</p>") % (
            env._(
                "To go on with %(service)s (%(number)s) we need more information:",
                service=self.template_id.name,
                number=self.name,
            ),
            plaintext2html(question),
            env._("Please answer here, in your personal cabinet, or by replying to this e-mail."),
        )
        request.message_post(
            body=body,
            partner_ids=self.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.message_post(
            body=Markup("<p>%s</p>%s")
            % (self.env._("Asked in the personal cabinet, on %s:", request.display_name), plaintext2html(question)),
            subtype_xmlid="mail.mt_note",
        )
