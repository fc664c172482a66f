import binascii

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

# the personal cabinet's pages of paid-service documents: url part → model
DOCUMENTS = {
    "contracts": "telmico.paid.contract",
    "acts": "telmico.paid.act",
}


class PaidServicesPortal(CustomerPortal):
    """The client's contracts and acts of completed work in the personal cabinet, signed there with Odoo's portal
    signature form (their invoices are Odoo's own /my/invoices, payable there when a payment provider is set up).
    Record rules restrict a client to their own documents; a link with the document's token opens one too."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for kind, model in DOCUMENTS.items():
            key = f"telmico_paid_{kind}_count"
            if key in counters:
                Model = request.env[model]
                values[key] = Model.search_count([]) if Model.has_access("read") else 0
        return values

    def _telmico_document(self, kind, record_id, access_token):
        """The document (sudo) the visitor may open, or None."""
        model = DOCUMENTS.get(kind)
        if not model:
            return None
        try:
            return self._document_check_access(model, record_id, access_token)
        except (AccessError, MissingError):
            return None

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
        """The document's page: its data, its PDF and, while it waits for the signature, the signature form."""
        record_sudo = self._telmico_document(kind, record_id, access_token)
        if record_sudo is None:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "doc": record_sudo,
                "kind": kind,
                "page_name": f"telmico_paid_{kind}",
                "access_token": access_token,
                "message": kw.get("message"),
            }
        )
        return request.render("telmico_paid_services.portal_my_paid_document", values)

    @http.route(["/my/paid/<string:kind>/<int:record_id>/pdf"], type="http", auth="public", website=True)
    def portal_my_paid_document_pdf(self, kind, record_id, access_token=None, **kw):
        """The document's PDF: the signed file when signed, else the document printed now."""
        record_sudo = self._telmico_document(kind, record_id, access_token)
        if record_sudo is None:
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

    @http.route(["/my/paid/<string:kind>/<int:record_id>/sign"], type="json", auth="public", website=True)
    def portal_my_paid_document_sign(self, kind, record_id, access_token=None, name=None, signature=None):
        """The client signs the document in the cabinet (Odoo's portal signature form, pointer events)."""
        access_token = access_token or request.httprequest.args.get("access_token")
        record_sudo = self._telmico_document(kind, record_id, access_token)
        if record_sudo is None:
            return {"error": request.env._("This document cannot be signed here.")}
        try:
            # sudo (from _document_check_access): the client signs their own document, which they may only read
            record_sudo._telmico_sign("electronic", name, signature=signature)
        except (UserError, ValidationError) as error:
            return {"error": error.args[0]}
        except (TypeError, ValueError, binascii.Error):
            return {"error": request.env._("The signature could not be read: draw it again.")}
        return {
            "force_refresh": True,
            "redirect_url": record_sudo.get_portal_url(query_string="&message=signed"),
        }
