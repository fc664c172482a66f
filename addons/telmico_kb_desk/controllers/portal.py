from odoo import http
from odoo.addons.telmico_desk.controllers.portal import DeskCustomerPortal
from odoo.addons.telmico_kb.controllers.help import kb_customer, kb_help_search, kb_visitor
from odoo.http import request


class KbDeskCustomerPortal(DeskCustomerPortal):
    """The new-request page of the personal cabinet starts with a search of the help pages; a request
    that follows a search tells the deflection figures that the search did not answer."""

    @http.route()
    def portal_new_request(self, **post):
        response = super().portal_new_request(**post)
        if getattr(response, "qcontext", None) is None:
            return response  # the request was created: a redirection
        faq_search = post.get("search")
        faq_search = faq_search.strip()[:200] if isinstance(faq_search, str) else ""
        values = {
            "faq_search": faq_search,
            "faq_results": [],
            "faq_count": 0,
            "faq_count_text": "",
            "faq_partial": False,
        }
        if faq_search:
            found = kb_help_search(faq_search, source="request_form")
            values.update(
                faq_results=found["results"],
                faq_count=found["count"],
                faq_count_text=found["count_text"],
                faq_partial=found["partial"],
            )
        response.qcontext.update(values)
        return response

    def _desk_create_request(self, checked):
        desk_request = super()._desk_create_request(checked)
        request.env["telmico.kb.search.log"]._kb_mark_request(partner=kb_customer(), visitor=kb_visitor())
        return desk_request
