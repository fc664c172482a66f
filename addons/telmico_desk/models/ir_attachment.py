from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MB = 1024 * 1024
# what customers may send from the personal cabinet: cap -> (system parameter, default)
PORTAL_CAPS = {
    "file_mb": ("telmico_desk.portal_max_file_mb", 10),
    "files": ("telmico_desk.portal_max_files", 10),
    "request_mb": ("telmico_desk.portal_max_request_mb", 25),
    "daily_mb": ("telmico_desk.portal_max_daily_mb", 100),
}
PORTAL_WINDOW = timedelta(hours=24)


class IrAttachment(models.Model):
    """Files customers attach to their requests (personal cabinet, the request's conversation) stay within caps.

    The controllers check a file before storing it, to answer in the form or the chatter; the files linked to a
    request by someone who is not an employee are checked again here, whichever way they came (a message, an
    edited message, a direct upload), so that no route around the controllers lifts the caps.
    """

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        attachments._telmico_check_customer_files()
        return attachments

    def write(self, vals):
        result = super().write(vals)
        if {"res_model", "res_id"} & set(vals):
            self._telmico_check_customer_files()
        return result

    # ------------------------------------------------------------ caps

    @api.model
    def _telmico_portal_caps(self):
        """The caps on customers' files (``PORTAL_CAPS``); a missing or unusable parameter gives the default."""
        # sudo: customers may not read system parameters; only these numbers are read
        params = self.env["ir.config_parameter"].sudo()
        caps = {}
        for cap, (key, default) in PORTAL_CAPS.items():
            value = (params.get_param(key) or "").strip()
            caps[cap] = int(value) if value.isdigit() and int(value) > 0 else default
        return caps

    @api.model
    def _telmico_file_totals(self, domain):
        # sudo: customers may not read the attachments of their requests' services or of other users
        # (active_test: the anonymous visitors' public user is archived)
        attachments = self.sudo().with_context(active_test=False)
        [(count, size)] = attachments._read_group(domain, [], ["__count", "file_size:sum"])
        return count, size or 0

    @api.model
    def _telmico_customer_files(self, requests, since=None):
        """(count, bytes) of the files customers (portal users or anonymous visitors) attached to the requests
        ``requests`` (ids or a query) and to their services, since ``since`` if given; agents' files do not count."""
        # sudo: the services of the customer's requests, which customers do not read
        services = self.env["telmico.service"].sudo()._search([("request_id", "in", requests)])
        domain = [
            "|",
            "&",
            ("res_model", "=", "telmico.request"),
            ("res_id", "in", requests),
            "&",
            ("res_model", "=", "telmico.service"),
            ("res_id", "in", services),
            ("create_uid.share", "=", True),
        ]
        if since:
            domain.append(("create_date", ">=", since))
        return self._telmico_file_totals(domain)

    @api.model
    def _telmico_pending_files(self, since):
        """(count, bytes) of the files the current user uploaded into a message not sent yet (Odoo removes them
        after a day). Anonymous visitors share one public user: for them these count together."""
        return self._telmico_file_totals(
            [
                ("res_model", "=", "mail.compose.message"),
                ("res_id", "=", 0),
                ("create_uid", "=", self.env.uid),
                ("create_date", ">=", since),
            ]
        )

    @api.model
    def _telmico_file_too_big(self, name, size):
        """The error for a file of ``size`` bytes over the per-file cap, or None."""
        limit = self._telmico_portal_caps()["file_mb"]
        if size <= limit * MB:
            return None
        return self.env._("The file %(file)s is larger than %(size)s MB: send a smaller file.", file=name, size=limit)

    @api.model
    def _telmico_upload_errors(self, customer, sizes, desk_request=None, pending=True):
        """Why the customer (a commercial partner) may not send more files of ``sizes`` (bytes): to
        ``desk_request``, or with a new request when it is None.

        Caps: the number and the total size of a request's files from customers (with the user's uploads not
        sent yet when ``pending``: those of the message being written), and the size of the customer's files
        of the last 24 hours on all its requests (with every unsent upload of the user).
        """
        caps = self._telmico_portal_caps()
        since = fields.Datetime.now() - PORTAL_WINDOW
        pending_count, pending_size = self._telmico_pending_files(since)
        count, size = len(sizes), sum(sizes)
        if desk_request:
            request_count, request_size = self._telmico_customer_files(desk_request.ids)
            count, size = count + request_count, size + request_size
            if pending:
                count, size = count + pending_count, size + pending_size
        errors = []
        if count > caps["files"]:
            errors.append(self.env._("A request takes at most %(count)s files from you.", count=caps["files"]))
        if size > caps["request_mb"] * MB:
            errors.append(self.env._("A request takes at most %(size)s MB of files from you.", size=caps["request_mb"]))
        # sudo: every request of the customer's company, also those this user may not read
        customer_requests = self.env["telmico.request"].sudo()._search([("commercial_partner_id", "=", customer.id)])
        sent = self._telmico_customer_files(customer_requests, since)[1] + pending_size
        if sent + sum(sizes) > caps["daily_mb"] * MB:
            errors.append(
                self.env._(
                    "You may send at most %(size)s MB of files in 24 hours and have sent %(sent)s MB: "
                    "send the files later.",
                    size=caps["daily_mb"],
                    sent=round(sent / MB, 1),
                )
            )
        return errors

    def _telmico_check_customer_files(self):
        """The files of these attachments that a customer linked to requests keep the requests within the caps."""
        linked = self.filtered(lambda a: a.res_model == "telmico.request" and a.res_id)
        if not linked or self.env.user._is_internal():
            return
        for attachment in linked:
            error = self._telmico_file_too_big(attachment.name, attachment.file_size)
            if error:
                raise ValidationError(error)
        # sudo: the customer's company is read to count its files, whoever the customer is
        for desk_request in self.env["telmico.request"].sudo().browse(set(linked.mapped("res_id"))).exists():
            customer = desk_request.commercial_partner_id
            errors = self._telmico_upload_errors(customer, [], desk_request=desk_request, pending=False)
            if errors:
                raise ValidationError(" ".join(errors))
