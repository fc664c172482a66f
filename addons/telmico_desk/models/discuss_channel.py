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
        active_before = self.filtered("livechat_active")
        result = super().write(vals)
        self._notify_desk(operators_before)
        ended = active_before.filtered(lambda c: not c.livechat_active)
        if ended:
            ended._telmico_chat_ended()
        return result

    def _telmico_chat_ended(self):
        """The visitor left: a registration begun from the chat is an interrupted contact from now on,
        on its operator's Desk among the interrupted registrations (not half an hour later)."""
        drafts = self.telmico_request_ids.filtered(lambda r: r.state == "draft" and not r.interrupted)
        # sudo: the chat ends on the visitor's side too (a public user closing the window)
        drafts.sudo().write({"interrupted": True})

    def execute_command_request(self, **kwargs):
        """``/request`` in a live chat: turn the conversation into a request and say so to the operator.
        Typed again in the same conversation, it points to the request already made instead of a second one."""
        self.ensure_one()
        existing = self._telmico_request()
        request = existing or self._telmico_create_request()
        link = Markup('<a href="#" data-oe-model="telmico.request" data-oe-id="%s">%s</a>') % (
            request.id,
            request.display_name,
        )
        if existing:
            message = self.env._("This conversation is already request %(link)s.", link=link)
        else:
            message = self.env._("Request %(link)s created from this conversation.", link=link)
        self.env.user._bus_send_transient_message(self, message)

    def action_telmico_create_request(self):
        """From the Desk: the chat's request (made now if there is none yet), opened in its form."""
        self.ensure_one()
        return self._telmico_request_form(self._telmico_request() or self._telmico_create_request())

    def action_telmico_open_request(self):
        """From the Desk: the request or registration made from this chat, opened in its form."""
        self.ensure_one()
        request = self._telmico_request()
        if not request:
            raise UserError(self.env._("No request has been made from this conversation yet."))
        return self._telmico_request_form(request)

    def _telmico_request(self):
        """The request (or registration) made from this chat, unless it was cancelled."""
        return self.telmico_request_ids.filtered(lambda r: r.state != "cancelled")[:1]

    def _telmico_request_form(self, request):
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

    def _telmico_tell_visitor(self, request):
        """Tell the visitor, in the chat, the number their request was registered under."""
        self.ensure_one()
        author = self.livechat_operator_id or request.user_id.partner_id
        # sudo: the one who registers may be a colleague who is not a member of this conversation; the
        # message is the operator's, as the rest of the chat
        self.sudo().message_post(
            body=self.env._(
                "Your request is registered under number %(number)s. You can follow it in your personal "
                "cabinet or by quoting the number.",
                number=request.name,
            ),
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _telmico_name_after_client(self, partner):
        """The client is known: staff see the conversation under the client's name instead of "Visitor"."""
        staff_members = self.sudo().channel_member_ids.filtered(  # sudo: members of other operators too
            lambda m: m.partner_id.user_ids.filtered(lambda u: not u.share)
        )
        for member in staff_members.filtered(lambda m: m.custom_channel_name != partner.name):
            member.custom_channel_name = partner.name
            member._bus_send_store(member.channel_id, {"custom_channel_name": partner.name})

    def _notify_desk(self, extra_partners=None):
        """A live chat starts, ends or is transferred: the operators' Desks list open chats, tell them (bus)."""
        operators = self.filtered(lambda c: c.channel_type == "livechat").livechat_operator_id
        self.env["telmico.desk"]._desk_notify(operators | (extra_partners or self.env["res.partner"]))
