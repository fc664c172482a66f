import base64
import binascii
import io

from odoo import fields, models
from odoo.exceptions import UserError


class TelmicoBillingImport(models.TransientModel):
    """Initial or catch-up load of billing data from CSV exports."""

    _name = "telmico.billing.import"
    _description = "Import billing CSV"

    backend_id = fields.Many2one(
        "telmico.billing.backend",
        required=True,
        default=lambda self: self.env["telmico.billing.backend"].search([], limit=1),
    )
    kind = fields.Selection(
        [("subscribers", "Subscribers"), ("charges", "Charges"), ("payments", "Payments"), ("receipts", "Receipts")],
        required=True,
        default="subscribers",
    )
    file = fields.Binary(required=True)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        try:
            text = base64.b64decode(self.file).decode("utf-8-sig")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise UserError(self.env._("The file is not a UTF-8 CSV file.")) from exc
        run = self.backend_id.with_context(telmico_billing_sync=True)._import_csv(io.StringIO(text), self.kind)
        return run._action_open()
