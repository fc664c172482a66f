from odoo import models
from odoo.tools import html2plaintext

from .telmico_webhook import iso_utc


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _webhook_data(self):
        """A request's public message as the ``data`` of a JSON webhook."""
        self.ensure_one()
        request = self.env["telmico.request"].browse(self.res_id)
        return {
            "id": self.id,
            "request_id": request.id,
            "request_number": request.name or None,
            "author_id": self.author_id.id or None,
            "author_name": self.author_id.name or self.email_from or None,
            "from_client": bool(self.author_id) and self.author_id == request.partner_id,
            "body": html2plaintext(self.body or ""),
            "message_type": self.message_type,
            "created_at": iso_utc(self.date),
        }
