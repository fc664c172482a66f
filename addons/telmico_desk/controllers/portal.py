import os

from odoo import http
from odoo.addons.mail.controllers.attachment import AttachmentController
from odoo.addons.mail.models.discuss.mail_guest import add_guest_to_context
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Command
from odoo.http import request
from odoo.osv.expression import AND
from odoo.tools import plaintext2html

from ..models.ir_attachment import MB
from ..models.telmico_request import OPEN_STATES

CLOSED_STATES = ("resolved", "closed", "cancelled")
RATED_STATES = ("resolved", "closed")


def _to_id(value):
    """The record id typed in a form field, or 0 when there is none (or it is not a number)."""
    value = (value or "").strip() if isinstance(value, str) else value
    return int(value) if isinstance(value, str) and value.isdigit() else 0


class DeskCustomerPortal(CustomerPortal):
    """The personal cabinet: the customer's requests, their conversation with us, and new requests."""

    # ----------------------------------------------------------------- home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "request_count" in counters:
            DeskRequest = request.env["telmico.request"]
            values["request_count"] = DeskRequest.search_count([]) if DeskRequest.has_access("read") else 0
        return values

    # ----------------------------------------------------------------- list

    def _desk_request_sortings(self):
        _ = request.env._
        return {
            # the date the list shows: a request typed in by an operator keeps the day it was registered
            "date": {"label": _("Newest"), "order": "date_registered desc nulls last, id desc"},
            "name": {"label": _("Number"), "order": "name desc, id desc"},
            "state": {"label": _("Status"), "order": "state, id desc"},
        }

    def _desk_request_filters(self):
        _ = request.env._
        return {
            "all": {"label": _("All"), "domain": []},
            "open": {"label": _("Open"), "domain": [("state", "in", OPEN_STATES)]},
            "closed": {"label": _("Closed"), "domain": [("state", "in", CLOSED_STATES)]},
        }

    def _desk_request_searchbar_inputs(self):
        return {"all": {"input": "all", "label": request.env._("Search in number and subject")}}

    @http.route(["/my/requests", "/my/requests/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_requests(self, page=1, sortby=None, filterby=None, search=None, search_in="all", **kw):
        values = self._prepare_portal_layout_values()
        DeskRequest = request.env["telmico.request"]
        sortings = self._desk_request_sortings()
        filters = self._desk_request_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        # the record rules choose the requests: the customer's own and their company's, never drafts
        domain = filters[filterby]["domain"]
        if search:
            domain = AND([domain, ["|", ("name", "ilike", search), ("subject", "ilike", search)]])
        readable = DeskRequest.has_access("read")
        pager = portal_pager(
            url="/my/requests",
            url_args={"sortby": sortby, "filterby": filterby, "search": search, "search_in": search_in},
            total=DeskRequest.search_count(domain) if readable else 0,
            page=page,
            step=self._items_per_page,
        )
        desk_requests = (
            DeskRequest.search(
                domain, order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"]
            )
            if readable
            else DeskRequest
        )
        request.session["my_requests_history"] = desk_requests.ids[:100]
        values.update(
            {
                "desk_requests": desk_requests,
                "page_name": "desk_request",
                "default_url": "/my/requests",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": self._desk_request_searchbar_inputs(),
                "search_in": search_in,
                "search": search,
            }
        )
        return request.render("telmico_desk.portal_my_requests", values)

    # --------------------------------------------------------------- detail

    @http.route("/my/requests/<int:request_id>", type="http", auth="public", website=True)
    def portal_my_request(self, request_id, access_token=None, **kw):
        try:
            request_sudo = self._document_check_access("telmico.request", request_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if request_sudo.state == "draft":
            # a registration still being typed by an operator is not the customer's business yet
            return request.redirect("/my")
        values = self._desk_request_page_values(request_sudo, access_token, **kw)
        values["request_sent"] = kw.get("sent") == "1" and request.env._(
            "Your request %(number)s has been sent. We will answer you here and by your preferred channel; "
            "you can write to us below at any time.",
            number=request_sudo.name,
        )
        return request.render("telmico_desk.portal_my_request", values)

    def _desk_request_page_values(self, request_sudo, access_token, **kwargs):
        # sudo: portal users may not read services; ``request_sudo`` was checked by _document_check_access
        # above, and the page shows only its own services with the lines marked public in their template
        services = request_sudo.service_ids.filtered(lambda s: s.state != "cancelled").sorted("id")
        values = {
            "page_name": "desk_request",
            "desk_request": request_sudo,
            "services": services,
            "public_values": {service.id: service.value_ids.filtered("public") for service in services},
            "service_states": {service.id: self._desk_service_state_label(service) for service in services},
            "rating_token": False,
            "rating_value": 0,
        }
        if request_sudo.state in RATED_STATES and request_sudo.partner_id:
            values["rating_token"] = request_sudo._rating_get_access_token()
            # the face the customer chose last (core's last consumed rating), shown chosen among the three
            values["rating_value"] = int(request_sudo.rating_last_value)
        return self._get_page_view_values(request_sudo, access_token, values, "my_requests_history", False, **kwargs)

    def _desk_service_state_label(self, service):
        """A service's state in the customer's words: a draft left for an operator is *received*, not a draft."""
        _ = request.env._
        return {
            "draft": _("Received"),
            "to_approve": _("Being reviewed"),
            "in_progress": _("In progress"),
            "closed": _("Completed"),
        }.get(service.state, _("Cancelled"))

    # ---------------------------------------------------------- new request

    def _desk_portal_templates(self):
        # sudo: portal users may not read service templates; only those offered in the cabinet are listed
        return request.env["telmico.service.template"].sudo().search([("public", "=", True)])

    def _desk_portal_subscribers(self):
        partner = request.env.user.partner_id
        return (partner.commercial_partner_id.subscriber_ids | partner.subscriber_ids).sorted("number")

    @http.route("/my/requests/new", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_new_request(self, **post):
        form = {key: value for key, value in post.items() if isinstance(value, str)}
        templates = self._desk_portal_templates()
        template = templates.filtered(lambda t: t.id == _to_id(form.get("template_id")))
        errors = []
        subscribers = self._desk_portal_subscribers()
        if request.httprequest.method == "GET" and len(subscribers) == 1:
            # one subscriber: the request is about it unless the customer says otherwise
            form.setdefault("subscriber_id", str(subscribers.id))
        if template and not (form.get("subject") or "").strip():
            # the service names the request until the customer writes a subject of their own
            form["subject"] = template.name
        if request.httprequest.method == "POST" and not form.get("refresh"):
            errors, checked = self._desk_check_new_request(form, templates, subscribers)
            if not errors:
                try:
                    # one savepoint: a refusal from the models leaves nothing half-written behind
                    with request.env.cr.savepoint():
                        desk_request = self._desk_create_request(checked)
                except UserError as error:
                    errors = [error.args[0]]
                else:
                    return request.redirect(f"{desk_request.access_url}?sent=1")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "desk_request_new",
                "form": form,
                "errors": errors,
                "templates": templates,
                "template": template,
                "template_fields": template.field_ids.filtered("public"),
                "subscribers": subscribers,
                "upload_hint": request.env._(
                    "Up to %(files)s files, %(request_mb)s MB in all and %(file_mb)s MB per file "
                    "(%(daily_mb)s MB in 24 hours).",
                    **request.env["ir.attachment"]._telmico_portal_caps(),
                ),
            }
        )
        return request.render("telmico_desk.portal_request_new", values)

    def _desk_read_files(self, name, errors):
        """(file name, content) of the files uploaded under ``name``; files too big are refused in ``errors``."""
        Attachment = request.env["ir.attachment"]
        limit = Attachment._telmico_portal_caps()["file_mb"] * MB
        files = []
        for upload in request.httprequest.files.getlist(name):
            if not upload.filename:
                continue
            content = upload.read(limit + 1)
            error = Attachment._telmico_file_too_big(upload.filename, len(content))
            if error:
                errors.append(error)
                continue
            files.append((upload.filename, content))
        return files

    def _desk_file_count(self):
        """How many files the form carries, under any name (before reading any of them)."""
        return sum(1 for upload in request.httprequest.files.values() if upload.filename)

    def _desk_check_new_request(self, form, templates, subscribers):
        """Errors in what the customer typed, and the checked values to create the request with (a subscriber
        chosen must be one of ``subscribers``, the customer's own)."""
        _ = request.env._
        errors = []
        subject = (form.get("subject") or "").strip()
        template = request.env["telmico.service.template"]
        if _to_id(form.get("template_id")):
            template = templates.filtered(lambda t: t.id == _to_id(form.get("template_id")))
            if not template:
                errors.append(_("The chosen service cannot be requested in the personal cabinet."))
        if not subject and not template:
            errors.append(_("Enter a subject or choose a service."))
        subscriber = request.env["telmico.subscriber"]
        if _to_id(form.get("subscriber_id")):
            subscriber = subscribers.filtered(lambda s: s.id == _to_id(form.get("subscriber_id")))
            if not subscriber:
                errors.append(_("The chosen subscriber is not one of yours."))
        caps = request.env["ir.attachment"]._telmico_portal_caps()
        # too many files: refused before reading them
        too_many = self._desk_file_count() > caps["files"]
        if too_many:
            errors.append(_("A request takes at most %(count)s files from you.", count=caps["files"]))
        field_values, field_files = {}, {}
        for field in template.field_ids.filtered("public"):
            name = f"field_{field.key}"
            if field.field_type == "attachment":
                field_files[field.key] = [] if too_many else self._desk_read_files(name, errors)
                if field.required and not field_files[field.key]:
                    errors.append(_("Fill in %s.", field.name))
                continue
            try:
                field_values[field.key] = self._desk_parse_field(field, form.get(name) or "", subscribers)
            except ValidationError as error:
                errors.append(error.args[0])
                continue
            # sudo: a line in memory only, to ask the service's own rule whether the answer is empty
            line = request.env["telmico.service.value"].sudo().new({"field_type": field.field_type})
            line.update(field_values[field.key])
            if field.required and line._is_empty():
                errors.append(_("Fill in %s.", field.name))
        files = [] if too_many else self._desk_read_files("attachments", errors)
        sizes = [len(content) for field in (files, *field_files.values()) for _name, content in field]
        if sizes and not too_many:
            customer = request.env.user.partner_id.commercial_partner_id
            errors.extend(request.env["ir.attachment"]._telmico_upload_errors(customer, sizes))
        checked = {
            "subject": subject,
            "description": (form.get("description") or "").strip(),
            "template": template,
            "subscriber": subscriber,
            "field_values": field_values,
            "field_files": field_files,
            "files": files,
        }
        return errors, checked

    def _desk_parse_field(self, field, text, subscribers):
        """Column values of a service line for ``text`` typed for the public template field ``field``."""
        _ = request.env._
        text = text.strip()
        if field.field_type == "subscriber":
            subscriber = subscribers.filtered(lambda s: s.id == _to_id(text)) if text else subscribers.browse()
            if text and not subscriber:
                raise ValidationError(_("%s: the chosen subscriber is not one of yours.", field.name))
            return {"value_subscriber_id": subscriber.id}
        if field.field_type == "selection" and text:
            choices = [c.strip() for c in (field.selection_values or "").splitlines() if c.strip()]
            if text not in choices:
                raise ValidationError(
                    _("%(field)s: choose one of %(choices)s.", field=field.name, choices=", ".join(choices))
                )
        # the service's own parser: numbers, dates and yes / no are read as an operator's input is
        # sudo: a line in memory only, nothing is stored
        line = request.env["telmico.service.value"].sudo().new({"name": field.name, "field_type": field.field_type})
        return line._parse_input(text)

    def _desk_create_request(self, checked):
        """The request (channel personal cabinet) with its service and the customer's files."""
        env = request.env
        partner = env.user.partner_id
        template = checked["template"]
        # sudo: customers may read their requests but not create them; every value was checked above
        # (routed once its service exists: routing rules may look at the service)
        desk_request = (
            env["telmico.request"]
            .sudo()
            .with_context(telmico_defer_routing=True)
            .create(
                {
                    "subject": checked["subject"] or template.name,
                    "description": plaintext2html(checked["description"]) if checked["description"] else False,
                    "channel": "portal",
                    "state": "new",
                    "partner_id": partner.id,
                    "subscriber_ids": [Command.set(checked["subscriber"].ids)],
                }
            )
        )
        if template:
            self._desk_create_service(desk_request, checked)
        desk_request.with_context(telmico_defer_routing=False)._route()
        if checked["files"]:
            # pending uploads of the customer, as the chatter composer makes them: message_post moves
            # them onto the request (it keeps only such attachments for a portal author)
            attachments = (
                env["ir.attachment"]
                # sudo: a portal user may not create attachments; these are the customer's own uploads, checked above
                .sudo()
                .create(
                    [
                        {"name": name, "raw": content, "res_model": "mail.compose.message", "res_id": 0}
                        for name, content in checked["files"]
                    ]
                )
            )
            desk_request.message_post(
                body=env._("Files sent with the request."),
                attachment_ids=attachments.ids,
                author_id=partner.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return desk_request

    def _desk_create_service(self, desk_request, checked):
        """A service of the chosen template with the customer's answers; registered when nothing is left
        for an operator to do, otherwise a draft the operator finishes (the request's log says why)."""
        env = desk_request.env  # sudo, see _desk_create_request
        template = checked["template"]
        service = env["telmico.service"]._create_asked(
            template, desk_request, checked["subscriber"], checked["field_values"]
        )
        for key, files in checked["field_files"].items():
            if files:
                attachments = env["ir.attachment"].create(
                    [
                        {"name": name, "raw": content, "res_model": service._name, "res_id": service.id}
                        for name, content in files
                    ]
                )
                service.value_ids.filtered(lambda v, key=key: v.key == key).value_attachment_ids = attachments
        service._register_or_explain(author_id=env.ref("base.partner_root").id, message_type="comment")
        return service


class DeskAttachmentController(AttachmentController):
    """Files that customers attach in the conversation of a request (the portal chatter uploads them one by one
    here before the message is sent) obey the same caps as those of the new-request form: a file over a cap is
    refused here, with the reason, before it is stored."""

    @http.route()
    @add_guest_to_context
    def mail_attachment_upload(self, ufile, thread_id, thread_model, is_pending=False, **kwargs):
        if thread_model == "telmico.request" and not request.env.user._is_internal():
            error = self._desk_upload_error(ufile, _to_id(str(thread_id)), **kwargs)
            if error:
                # as Odoo's own refusal: the chatter shows the message and keeps the composer
                return request.make_json_response({"error": error})
        return super().mail_attachment_upload(ufile, thread_id, thread_model, is_pending=is_pending, **kwargs)

    def _desk_upload_error(self, ufile, thread_id, **kwargs):
        """Why a customer may not attach ``ufile`` to the request ``thread_id`` (None when they may, or when
        they may not reach the request at all: Odoo refuses that itself)."""
        Request = request.env["telmico.request"]
        desk_request = Request._get_thread_with_access(thread_id, mode=Request._mail_post_access, **kwargs)
        if not desk_request:
            return None
        stream = ufile.stream
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(0)
        Attachment = request.env["ir.attachment"]
        errors = [Attachment._telmico_file_too_big(ufile.filename, size)]
        errors += Attachment._telmico_upload_errors(desk_request.commercial_partner_id, [size], desk_request)
        return " ".join(filter(None, errors)) or None
