from odoo import api, fields, models
from odoo.exceptions import UserError

SIGNABLE = ("telmico.paid.contract", "telmico.paid.act")


class TelmicoPaidSignWizard(models.TransientModel):
    """Sign a contract or an act: the client draws the signature (mouse, finger or pen tablet: Odoo's signature
    pad works with pointer events) or the scan of the paper signed by the client is attached."""

    _name = "telmico.paid.sign.wizard"
    _description = "Sign a paid-service document"

    res_model = fields.Selection([(m, m) for m in SIGNABLE], required=True)
    res_id = fields.Integer(required=True)
    sign_method = fields.Selection(
        [("electronic", "Electronically"), ("paper", "On paper (scan)")],
        string="Signed",
        required=True,
        default="electronic",
    )
    signed_by = fields.Char(required=True)
    signature = fields.Image(max_width=1024, max_height=512)
    scan = fields.Binary(string="Scan of the signed paper")
    scan_name = fields.Char()

    @api.model
    def _record(self, res_model, res_id):
        if res_model not in SIGNABLE:
            raise UserError(self.env._("This document cannot be signed here."))
        record = self.env[res_model].browse(res_id).exists()
        if not record:
            raise UserError(self.env._("The document to sign no longer exists."))
        record.check_access("write")
        return record

    def action_sign(self):
        self.ensure_one()
        record = self._record(self.res_model, self.res_id)
        record._telmico_sign(
            self.sign_method, self.signed_by, signature=self.signature, scan=self.scan, scan_name=self.scan_name
        )
        return {"type": "ir.actions.act_window_close"}
