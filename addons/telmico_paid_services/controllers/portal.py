from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

# the personal cabinet's pages of paid-service documents: (url part, model, page title term)
DOCUMENTS = {
    "contracts": "telmico.paid.contract",
    "acts": "telmico.paid.act",
}


class PaidServicesPortal(CustomerPortal):
    """The client's contracts and acts of completed work in the personal cabinet (their invoices are Odoo's own
    /my/invoices, payable there when a payment provider is set up). Record rules restrict a client to their own."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for kind, model in DOCUMENTS.items():
            key = f"telmico_paid_{kind}_count"
            if key in counters:
                Model = request.env[model]
                values[key] = Model.search_count([]) if Model.has_access("read") else 0
        return values

    @http.route(["/my/paid/<string:kind>"], type="http", auth="user", website=True)
    def portal_my_paid_documents(self, kind, **kw):
        model = DOCUMENTS.get(kind)
        if not model:
            return request.not_found()
        records = request.env[model].search([], order="id desc", limit=200)
        values = self._prepare_portal_layout_values()
        values.update({"documents": records, "kind": kind, "page_name": f"telmico_paid_{kind}"})
        return request.render("telmico_paid_services.portal_my_paid_documents", values)

    @http.route(["/my/paid/<string:kind>/<int:record_id>"], type="http", auth="public", website=True)
    def portal_my_paid_document(self, kind, record_id, access_token=None, **kw):
        """The document's PDF: the signed file when signed, else the document printed now."""
        model = DOCUMENTS.get(kind)
        if not model:
            return request.not_found()
        try:
            record_sudo = self._document_check_access(model, record_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if record_sudo.signed_attachment_id:
            attachment = record_sudo.signed_attachment_id
            return request.make_response(
                attachment.raw,
                headers=[
                    ("Content-Type", attachment.mimetype or "application/pdf"),
                    ("Content-Disposition", http.content_disposition(attachment.name)),
                ],
            )
        return self._show_report(
            model=record_sudo, report_type="pdf", report_ref=record_sudo._telmico_report, download=True
        )
