from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError
from odoo.http import request


class MailingCustomerPortal(CustomerPortal):
    """The personal-cabinet inbox: messages Telmico sent the client, with their read state."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cabinet_unread_count" in counters:
            Message = request.env["telmico.mailing.message"]
            values["cabinet_unread_count"] = Message._unread_count() if Message.has_access("read") else 0
        return values

    def _cabinet_message_filters(self):
        _ = request.env._
        return {
            "all": {"label": _("All"), "domain": []},
            "unread": {"label": _("Unread"), "domain": [("is_read", "=", False)]},
        }

    @http.route(["/my/messages", "/my/messages/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_messages(self, page=1, filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        Message = request.env["telmico.mailing.message"]
        filters = self._cabinet_message_filters()
        filterby = filterby if filterby in filters else "all"
        # the record rules choose the messages: the client's own
        domain = filters[filterby]["domain"]
        readable = Message.has_access("read")
        pager = portal_pager(
            url="/my/messages",
            url_args={"filterby": filterby},
            total=Message.search_count(domain) if readable else 0,
            page=page,
            step=self._items_per_page,
        )
        messages = Message.search(domain, limit=self._items_per_page, offset=pager["offset"]) if readable else Message
        values.update(
            {
                "cabinet_messages": messages,
                "page_name": "cabinet_message",
                "default_url": "/my/messages",
                "pager": pager,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("telmico_mailing.portal_my_messages", values)

    @http.route("/my/messages/<int:message_id>", type="http", auth="user", website=True)
    def portal_my_message(self, message_id, **kw):
        message = request.env["telmico.mailing.message"].browse(message_id).exists()
        try:
            message.check_access("read")
        except AccessError:
            message = message.browse()
        if not message:
            return request.redirect("/my/messages")
        # sudo: a portal user reads its messages but may not write them; the rule above proved this one is its own
        message.sudo()._mark_read()
        values = self._prepare_portal_layout_values()
        values.update({"cabinet_message": message, "page_name": "cabinet_message"})
        return request.render("telmico_mailing.portal_my_message", values)
