from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    telmico_request_ids = fields.One2many("telmico.request", "livechat_channel_id", string="Requests")

    @api.model_create_multi
    def create(self, vals_list):
        channels = super().create(vals_list)
        channels._notify_desk()
        return channels

    def write(self, vals):
        if not {"livechat_active", "livechat_operator_id"} & set(vals):
            return super().write(vals)
        operators_before = self.filtered(lambda c: c.channel_type == "livechat").livechat_operator_id
        result = super().write(vals)
        self._notify_desk(operators_before)
        return result

    def execute_command_request(self, **kwargs):
        """``/request`` in a live chat: turn the conversation into a request and say so to the operator."""
        self.ensure_one()
        request = self._telmico_create_request()
        message = self.env._(
            "Request %(link)s created from this conversation.",
            link=Markup('<a href="#" data-oe-model="telmico.request" data-oe-id="%s">%s</a>')
            % (request.id, request.display_name),
        )
        self.env.user._bus_send_transient_message(self, message)

    def action_telmico_create_request(self):
        """From the Desk: the chat's request (made now if there is none yet), opened in its form."""
        self.ensure_one()
        request = self.telmico_request_ids[:1] or self._telmico_create_request()
        return {
            "type": "ir.actions.act_window",
            "res_model": "telmico.request",
            "res_id": request.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _telmico_create_request(self):
        """A request on the chat channel with the transcript; the visitor is the client when known.

        An anonymous visitor leaves a registration for the operator to identify the client;
        a known one gives a registered request at once.
        """
        self.ensure_one()
        if self.channel_type != "livechat":
            raise UserError(self.env._("Only a live chat conversation can become a request."))
        staff = self.env.ref("base.partner_root") | self.livechat_operator_id
        visitor = self.channel_member_ids.partner_id.filtered(
            lambda p: p not in staff and not p.with_context(active_test=False).user_ids.filtered(lambda u: not u.share)
        )[:1]
        transcript = self._get_channel_history()
        first_line = next(
            (m.body for m in self.message_ids.sorted("id") if m.author_id != self.livechat_operator_id), ""
        )
        subject = html2plaintext(first_line or "").strip().split("\n")[0]
        values = {
            "channel": "chat",
            "direction": "incoming",
            "livechat_channel_id": self.id,
            "partner_id": visitor.id or False,
            "subject": (subject or self.name or "")[:120],
            "description": Markup("<p>%s</p>%s") % (self.env._("Chat transcript:"), transcript),
            "user_id": self.env.user.id,
        }
        if visitor:
            values["state"] = "in_progress"
        request = self.env["telmico.request"].create(values)
        request.message_post(body=values["description"], subtype_xmlid="mail.mt_note")
        return request

    def _notify_desk(self, extra_partners=None):
        """A live chat starts, ends or is transferred: the operators' Desks list open chats, tell them (bus)."""
        operators = self.filtered(lambda c: c.channel_type == "livechat").livechat_operator_id
        self.env["telmico.desk"]._desk_notify(operators | (extra_partners or self.env["res.partner"]))
