import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.rs_client import RsError

_logger = logging.getLogger(__name__)

ISSUED = ("sent", "confirmed")


class AccountMove(models.Model):
    _inherit = "account.move"

    tax_invoice_state = fields.Selection(
        [
            ("draft", "To send"),
            ("sent", "Sent"),
            ("confirmed", "Confirmed"),
            ("cancelled", "Cancelled"),
            ("error", "Error"),
        ],
        string="Tax invoice",
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
        help="The electronic tax invoice (ანგარიშ-ფაქტურა) of this invoice at the Revenue Service.",
    )
    tax_invoice_rs_id = fields.Char(string="Revenue Service id", copy=False, readonly=True)
    tax_invoice_number = fields.Char(copy=False, readonly=True, help="The tax invoice's number given by rs.ge.")
    tax_invoice_error = fields.Text(copy=False, readonly=True)
    tax_invoice_tries = fields.Integer(copy=False, readonly=True)
    tax_invoice_retry = fields.Boolean(
        copy=False, readonly=True, help="The last call failed for a temporary reason: it is tried again."
    )
    tax_invoice_cancel_pending = fields.Boolean(copy=False, readonly=True)
    tax_invoice_corrected_id = fields.Many2one(
        "account.move",
        string="Corrected tax invoice of",
        copy=False,
        readonly=True,
        help="A partial credit note: its tax invoice is a correction of this invoice's tax invoice at the Revenue "
        "Service.",
    )

    # ------------------------------------------------------------------ hooks on Odoo's flow

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        for move in posted.filtered(lambda m: m.move_type == "out_invoice" and not m.tax_invoice_state):
            connection = self.env["telmico.rs.connection"]._for_company(move.company_id)
            if connection.auto_issue:
                move.write({"tax_invoice_state": "draft", "tax_invoice_tries": 0, "tax_invoice_retry": True})
        posted.filtered(lambda m: m.move_type == "out_refund")._tax_invoice_credit_note_posted()
        return posted

    def _tax_invoice_credit_note_posted(self):
        """A credit note of an invoice whose tax invoice is issued: the whole invoice at once cancels that tax
        invoice; a part of it (or any credit note after a correction) queues a correcting tax invoice, which
        references the original at the Revenue Service (contract in the README)."""
        for refund in self:
            original = refund.reversed_entry_id
            if not original or original.tax_invoice_state not in ISSUED or refund.tax_invoice_state:
                continue
            corrections = original._tax_invoice_corrections()
            whole = not original.currency_id.compare_amounts(refund.amount_total, original.amount_total)
            if whole and not corrections:
                original._tax_invoice_cancel(self.env._("Invoice reversed by a credit note"))
                continue
            refund.write(
                {
                    "tax_invoice_corrected_id": original.id,
                    "tax_invoice_state": "draft",
                    "tax_invoice_tries": 0,
                    "tax_invoice_retry": True,
                }
            )

    def _tax_invoice_corrections(self):
        """The credit notes of this invoice with a correcting tax invoice (queued, issued or failed)."""
        self.ensure_one()
        return self.search([("tax_invoice_corrected_id", "=", self.id), ("tax_invoice_state", "!=", "cancelled")])

    def button_draft(self):
        if any(move.tax_invoice_state in ISSUED or move.tax_invoice_cancel_pending for move in self):
            raise UserError(
                self.env._(
                    "The tax invoice of this invoice is issued at the Revenue Service: reverse the invoice with a "
                    "credit note instead (that cancels the tax invoice)."
                )
            )
        return super().button_draft()

    # ------------------------------------------------------------------ actions

    def action_issue_tax_invoice(self):
        for move in self:
            correction = move.move_type == "out_refund" and move.tax_invoice_corrected_id
            if not (move.move_type == "out_invoice" or correction) or move.state != "posted":
                raise UserError(
                    self.env._(
                        "Only a posted customer invoice, or a partial credit note of an invoice whose tax invoice is "
                        "issued, has a tax invoice."
                    )
                )
            if move.tax_invoice_state in ISSUED:
                raise UserError(self.env._("The tax invoice of %s is already issued.", move.name))
            move._tax_invoice_connection()
        self.write({"tax_invoice_state": "draft", "tax_invoice_tries": 0, "tax_invoice_retry": True})
        self._tax_invoice_send()
        return True

    def action_refresh_tax_invoice(self):
        for move in self.filtered("tax_invoice_rs_id"):
            try:
                answer = move._tax_invoice_connection()._client().get_invoice(move.tax_invoice_rs_id)
            except RsError as error:
                raise UserError(self.env._("The Revenue Service did not answer: %s", error.message)) from error
            move._tax_invoice_apply(answer)
        return True

    def action_cancel_tax_invoice(self):
        for move in self:
            if move.tax_invoice_state not in ISSUED:
                raise UserError(self.env._("The tax invoice of %s is not issued.", move.name))
        self._tax_invoice_cancel(self.env._("Cancelled by %s", self.env.user.name))
        return True

    # ------------------------------------------------------------------ adapter

    def _tax_invoice_connection(self):
        self.ensure_one()
        connection = self.env["telmico.rs.connection"]._for_company(self.company_id)
        if not connection:
            raise UserError(
                self.env._("No Revenue Service connection is configured for %s.", self.company_id.display_name)
            )
        return connection

    def _tax_invoice_external_id(self):
        """Our id of the tax invoice: the database and the invoice, so that a retry never issues a second one."""
        # sudo: the database's uuid is a system parameter
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid")
        return f"{uuid}:{self.id}"

    def _tax_invoice_payload(self):
        self.ensure_one()
        buyer = self.commercial_partner_id
        company = self.company_id
        lines = self.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        return {
            "externalId": self._tax_invoice_external_id(),
            "number": self.name,
            "date": fields.Date.to_string(self.invoice_date),
            "sellerTin": company.company_registry or company.vat or "",
            "buyerTin": buyer.personal_number or buyer.company_registry or buyer.vat or "",
            "buyerName": buyer.name,
            "currency": self.currency_id.name,
            "lines": [
                {
                    "description": line.name or line.product_id.display_name or "",
                    "quantity": line.quantity,
                    "unitPrice": line.price_unit,
                    "amount": line.price_subtotal,
                    "vat": self.currency_id.round(line.price_total - line.price_subtotal),
                }
                for line in lines
            ],
            "total": self.amount_total,
            "vatTotal": self.amount_tax,
        }

    def _tax_invoice_correction_payload(self):
        """A partial credit note's correction: its lines and totals (the amounts taken off the original)."""
        self.ensure_one()
        payload = self._tax_invoice_payload()
        payload["reason"] = self.ref or self.env._("Partial credit note %s", self.name)
        return payload

    def _tax_invoice_apply(self, answer):
        states = {"sent": "sent", "confirmed": "confirmed", "cancelled": "cancelled"}
        self.write(
            {
                "tax_invoice_state": states.get(answer["status"], "error"),
                "tax_invoice_rs_id": str(answer["id"]),
                "tax_invoice_number": answer.get("number") or self.tax_invoice_number,
                "tax_invoice_error": False if answer["status"] in states else answer["status"],
                "tax_invoice_retry": False,
            }
        )

    def _tax_invoice_failed(self, error):
        self.write(
            {
                "tax_invoice_error": error.message,
                "tax_invoice_tries": self.tax_invoice_tries + 1,
                "tax_invoice_retry": error.temporary,
            }
        )
        _logger.warning("Tax invoice of %s: %s", self.name, error.message)

    def _tax_invoice_send(self):
        """Issue the tax invoices of these invoices (idempotent at the service by our external id)."""
        for move in self:
            client = move._tax_invoice_connection()._client()
            original = move.tax_invoice_corrected_id
            try:
                if original:
                    if not original.tax_invoice_rs_id:
                        raise RsError(self.env._("the corrected invoice's tax invoice is not issued"), False)
                    answer = client.correct_invoice(original.tax_invoice_rs_id, move._tax_invoice_correction_payload())
                else:
                    answer = client.save_invoice(move._tax_invoice_payload())
            except RsError as error:
                move.tax_invoice_state = "error"
                move._tax_invoice_failed(error)
                continue
            move._tax_invoice_apply(answer)
            if original:
                move.message_post(
                    body=self.env._(
                        "Correcting tax invoice %(number)s of %(original)s issued to the Revenue Service.",
                        number=move.tax_invoice_number,
                        original=original.tax_invoice_number,
                    )
                )
            else:
                move.message_post(
                    body=self.env._("Tax invoice %s issued to the Revenue Service.", move.tax_invoice_number)
                )

    def _tax_invoice_cancel(self, reason):
        for move in self:
            try:
                answer = move._tax_invoice_connection()._client().cancel_invoice(move.tax_invoice_rs_id, reason)
            except RsError as error:
                move.tax_invoice_cancel_pending = True
                move._tax_invoice_failed(error)
                continue
            move._tax_invoice_apply(answer)
            move.tax_invoice_cancel_pending = False
            move.message_post(
                body=self.env._(
                    "Tax invoice %(number)s cancelled: %(reason)s", number=move.tax_invoice_number, reason=reason
                )
            )

    @api.model
    def _cron_tax_invoices(self):
        """Send the tax invoices waiting (or failed for a temporary reason), then the cancellations waiting."""
        moves = self.search(
            [
                ("tax_invoice_state", "in", ("draft", "error")),
                ("tax_invoice_retry", "=", True),
                ("tax_invoice_cancel_pending", "=", False),
                ("state", "=", "posted"),
            ],
            order="id",
            limit=500,
        )
        for move in moves:
            connection = self.env["telmico.rs.connection"]._for_company(move.company_id)
            if connection and move.tax_invoice_tries < connection.max_tries:
                move._tax_invoice_send()
        cancels = self.search([("tax_invoice_cancel_pending", "=", True)], order="id", limit=500)
        for move in cancels:
            connection = self.env["telmico.rs.connection"]._for_company(move.company_id)
            if connection and move.tax_invoice_tries < connection.max_tries:
                move._tax_invoice_cancel(self.env._("Invoice reversed by a credit note"))
