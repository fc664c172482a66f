import base64
import hashlib

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError

# what the signature sets; written only by the signature itself (_telmico_sign)
SIGNATURE_FIELDS = {"sign_method", "signature", "signed_by", "signed_on", "signed_attachment_id", "signed_sha256"}


class TelmicoPaidSignatureMixin(models.AbstractModel):
    """A document signed on paper (the scan is attached) or electronically (a signature drawn in the browser or
    on a pen tablet), kept as the signed PDF with its SHA-256: any later change of the stored file is detected."""

    _name = "telmico.paid.signature.mixin"
    _description = "Signed paid-service document"
    _telmico_report = None  # xml id of the document's QWeb report

    sign_method = fields.Selection(
        [("paper", "On paper (scan)"), ("electronic", "Electronically")],
        string="Signed",
        readonly=True,
        copy=False,
        tracking=True,
    )
    signature = fields.Image(max_width=1024, max_height=512, readonly=True, copy=False, attachment=True)
    signed_by = fields.Char(readonly=True, copy=False, tracking=True)
    signed_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    signed_attachment_id = fields.Many2one("ir.attachment", string="Signed document", readonly=True, copy=False)
    signed_sha256 = fields.Char(string="SHA-256 of the signed document", readonly=True, copy=False)
    integrity_checked_on = fields.Datetime(readonly=True, copy=False)
    integrity_ok = fields.Boolean(string="Unchanged since signature", readonly=True, copy=False)

    def write(self, vals):
        if SIGNATURE_FIELDS & set(vals) and not self.env.context.get("telmico_paid_signing"):
            raise UserError(self.env._("A signature is given only by signing the document."))
        return super().write(vals)

    def _telmico_sign(self, method, signed_by, signature=None, scan=None, scan_name=None):
        """Sign: ``signature`` (base64 PNG drawn) is put on the rendered document, or ``scan`` (base64) is the
        paper original; the resulting file is attached and its SHA-256 kept."""
        self.ensure_one()
        return self.with_context(telmico_paid_signing=True)._telmico_sign_now(
            method, signed_by, signature=signature, scan=scan, scan_name=scan_name
        )

    def _telmico_sign_now(self, method, signed_by, signature=None, scan=None, scan_name=None):
        if self.state != "draft":
            raise UserError(self.env._("%s cannot be signed in its state.", self.display_name))
        if not (signed_by or "").strip():
            raise ValidationError(self.env._("Enter the name of who signs."))
        if method == "electronic":
            if not signature:
                raise ValidationError(self.env._("Draw the signature first."))
            self.write({"signature": signature, "signed_by": signed_by.strip(), "signed_on": fields.Datetime.now()})
            content, _kind = self.env["ir.actions.report"]._render_qweb_pdf(self._telmico_report, self.ids)
            name = f"{self._telmico_file_name()}.pdf"
        elif method == "paper":
            if not scan:
                raise ValidationError(self.env._("Attach the scan of the paper signed by the client."))
            content = base64.b64decode(scan)
            name = scan_name or f"{self._telmico_file_name()}.pdf"
            self.write({"signed_by": signed_by.strip(), "signed_on": fields.Datetime.now()})
        else:
            raise ValidationError(self.env._("Choose how the document is signed."))
        # sudo: the signed file belongs to the document; portal clients read it through the document's rules
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create({"name": name, "raw": content, "res_model": self._name, "res_id": self.id})
        )
        self.write(
            {
                "sign_method": method,
                "signed_attachment_id": attachment.id,
                "signed_sha256": hashlib.sha256(content).hexdigest(),
                "integrity_ok": True,
                "integrity_checked_on": fields.Datetime.now(),
                "state": "signed",
            }
        )
        self.message_post(
            body=self.env._("Signed by %(who)s (SHA-256 %(hash)s).", who=self.signed_by, hash=self.signed_sha256),
            attachment_ids=attachment.ids,
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _telmico_file_name(self):
        return self.name.replace("/", "-")

    def _telmico_integrity(self):
        """True when the stored signed file still has the SHA-256 taken at signature."""
        self.ensure_one()
        # sudo: the stored file is read to be hashed, whoever asks
        raw = self.sudo().signed_attachment_id.raw
        return bool(raw) and hashlib.sha256(raw).hexdigest() == self.signed_sha256

    def action_check_integrity(self):
        for record in self:
            if record.state != "signed":
                raise UserError(self.env._("%s is not signed.", record.display_name))
            record.write({"integrity_ok": record._telmico_integrity(), "integrity_checked_on": fields.Datetime.now()})
            if not record.integrity_ok:
                record.message_post(
                    body=self.env._("The signed document was changed after its signature: its SHA-256 differs."),
                    subtype_xmlid="mail.mt_note",
                )
        if len(self) == 1:
            ok = self.integrity_ok
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "success" if ok else "danger",
                    "sticky": not ok,
                    "message": self.env._("The signed document is unchanged.")
                    if ok
                    else self.env._("The signed document was changed after its signature!"),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return True

    def action_sign(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign %s", self.display_name),
            "res_model": "telmico.paid.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_signed_by": self._telmico_signer_name(),
            },
        }

    def _telmico_signer_name(self):
        return self.partner_id.name

    def action_print(self):
        self.ensure_one()
        return self.env.ref(self._telmico_report).report_action(self)

    def action_download_signed(self):
        self.ensure_one()
        if not self.signed_attachment_id:
            raise UserError(self.env._("%s has no signed document.", self.display_name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.signed_attachment_id.id}?download=true",
            "target": "self",
        }
