from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        """A paid invoice of a paid-service order sends its executing services to their departments."""
        result = super()._invoice_paid_hook()
        orders = self.filtered(lambda m: m.move_type == "out_invoice").invoice_line_ids.sale_line_ids.order_id
        orders.filtered(lambda o: o.telmico_is_paid_service and o.telmico_payment_state == "paid")._telmico_release()
        return result

    def _telmico_send(self):
        """E-mail the posted invoices to their clients with Odoo's own sending (PDF attached, portal link)."""
        with_email = self.filtered(lambda m: m.partner_id.email)
        if with_email:
            self.env["account.move.send"]._generate_and_send_invoices(with_email, sending_methods=["email"])
        for move in self - with_email:
            move.message_post(
                body=self.env._(
                    "%s has no e-mail address: hand the invoice over printed.", move.partner_id.display_name
                ),
                subtype_xmlid="mail.mt_note",
            )
