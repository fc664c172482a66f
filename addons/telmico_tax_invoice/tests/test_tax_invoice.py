from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import TaxInvoiceCommon

QUIET = "odoo.addons.telmico_tax_invoice.models.account_move"


@tagged("post_install", "-at_install")
class TestTaxInvoice(TaxInvoiceCommon):
    def test_issue_from_the_button(self):
        invoice = self._invoice(100)
        invoice.action_issue_tax_invoice()
        self.assertEqual(invoice.tax_invoice_state, "sent")
        self.assertTrue(invoice.tax_invoice_number.startswith("ეა-"))
        (issued,) = self.sim.invoices.values()
        self.assertEqual(issued["number"], invoice.tax_invoice_number)
        self.assertEqual((issued["buyerTin"], issued["sellerTin"]), ("01001012345", "204567890"))
        self.assertEqual(issued["total"], invoice.amount_total)
        self.assertEqual(issued["vatTotal"], invoice.amount_tax)
        self.assertEqual(len(issued["lines"]), 1)
        with self.assertRaises(UserError):
            invoice.action_issue_tax_invoice()
        self.assertEqual(len(self.sim.invoices), 1)

    def test_issued_automatically_by_configuration(self):
        manual = self._invoice(10)
        self.assertFalse(manual.tax_invoice_state, "not issued unless asked")
        self.connection.auto_issue = True
        invoice = self._invoice(20)
        self.assertEqual(invoice.tax_invoice_state, "draft", "queued at posting, not sent inside the posting")
        self.assertFalse(self.sim.invoices)
        self.env["account.move"]._cron_tax_invoices()
        self.assertEqual(invoice.tax_invoice_state, "sent")
        self.assertFalse(manual.tax_invoice_state)
        self.assertEqual(len(self.sim.invoices), 1)

    @mute_logger(QUIET)
    def test_lost_answer_then_retry_issues_once(self):
        invoice = self._invoice(30)
        self.connection.timeout = 0.3
        self.sim.slow_next = (1, 1.5)  # issued, but the answer comes after we stopped waiting
        invoice.action_issue_tax_invoice()
        self.assertEqual((invoice.tax_invoice_state, invoice.tax_invoice_retry), ("error", True))
        self.assertIn("no answer", invoice.tax_invoice_error)
        self.env["account.move"]._cron_tax_invoices()
        self.assertEqual(invoice.tax_invoice_state, "sent")
        self.assertEqual(len(self.sim.invoices), 1, "the retry found the tax invoice issued by the lost call")
        self.assertEqual(invoice.tax_invoice_number, next(iter(self.sim.invoices.values()))["number"])

    @mute_logger(QUIET)
    def test_service_down_is_retried_up_to_the_limit(self):
        invoice = self._invoice(30)
        self.sim.fail_next(3, 503)
        invoice.action_issue_tax_invoice()
        self.assertEqual((invoice.tax_invoice_state, invoice.tax_invoice_tries), ("error", 1))
        self.assertIn("HTTP 503", invoice.tax_invoice_error)
        Move = self.env["account.move"]
        Move._cron_tax_invoices()
        Move._cron_tax_invoices()
        self.assertEqual(invoice.tax_invoice_tries, 3)
        Move._cron_tax_invoices()
        self.assertEqual(invoice.tax_invoice_state, "error", "no try after the third")
        self.connection.max_tries = 5
        Move._cron_tax_invoices()
        self.assertEqual(invoice.tax_invoice_state, "sent")
        self.assertEqual(len(self.sim.invoices), 1)

    @mute_logger(QUIET)
    def test_refusals_wait_for_a_person(self):
        anonymous = self.env["res.partner"].create({"name": "უცნობი"})
        invoice = self._invoice(30, partner=anonymous)
        invoice.action_issue_tax_invoice()
        self.assertEqual((invoice.tax_invoice_state, invoice.tax_invoice_retry), ("error", False))
        self.assertIn("identification number", invoice.tax_invoice_error)
        self.env["account.move"]._cron_tax_invoices()
        self.assertEqual(invoice.tax_invoice_tries, 1, "a refusal is not retried by itself")
        self.assertFalse(self.sim.invoices)
        self.connection.sudo().password = "wrong-password"
        other = self._invoice(10)
        other.action_issue_tax_invoice()
        self.assertEqual((other.tax_invoice_state, other.tax_invoice_error), ("error", "authentication failed"))

    def test_status_follows_the_buyer(self):
        invoice = self._invoice(40)
        invoice.action_issue_tax_invoice()
        self.sim.confirm(invoice.tax_invoice_rs_id)
        invoice.action_refresh_tax_invoice()
        self.assertEqual(invoice.tax_invoice_state, "confirmed")

    def test_cancelled_when_the_invoice_is_reversed(self):
        invoice = self._invoice(50)
        invoice.action_issue_tax_invoice()
        with self.assertRaises(UserError):
            invoice.button_draft()
        invoice._reverse_moves(cancel=True)
        self.assertEqual(invoice.tax_invoice_state, "cancelled")
        self.assertEqual(self.sim.invoices[int(invoice.tax_invoice_rs_id)]["status"], "cancelled")

    @mute_logger(QUIET)
    def test_cancellation_retried_when_the_service_is_down(self):
        invoice = self._invoice(50)
        invoice.action_issue_tax_invoice()
        self.sim.fail_next(1, 503)
        invoice._reverse_moves(cancel=True)
        self.assertEqual((invoice.tax_invoice_state, invoice.tax_invoice_cancel_pending), ("sent", True))
        self.env["account.move"]._cron_tax_invoices()
        self.assertEqual((invoice.tax_invoice_state, invoice.tax_invoice_cancel_pending), ("cancelled", False))

    def _credit_note(self, invoice, price):
        """A credit note of ``invoice`` whose one line is ``price`` (the invoice's line price: in full), posted."""
        refund = invoice._reverse_moves(cancel=False)
        refund.invoice_line_ids[0].price_unit = price
        refund.action_post()
        return refund

    def test_full_credit_note_posted_later_cancels(self):
        invoice = self._invoice(50)
        invoice.action_issue_tax_invoice()
        refund = self._credit_note(invoice, 50)
        self.assertEqual(invoice.tax_invoice_state, "cancelled")
        self.assertFalse(refund.tax_invoice_state, "a full credit note cancels, it has no tax invoice of its own")
        self.assertEqual(len(self.sim.invoices), 1)

    def test_partial_credit_note_issues_a_correction(self):
        invoice = self._invoice(100)
        invoice.action_issue_tax_invoice()
        refund = self._credit_note(invoice, 30)
        self.assertEqual(invoice.tax_invoice_state, "sent", "a partial credit note does not cancel")
        self.assertEqual((refund.tax_invoice_state, refund.tax_invoice_corrected_id), ("draft", invoice))
        self.env["account.move"]._cron_tax_invoices()
        self.assertEqual(refund.tax_invoice_state, "sent")
        (correction,) = self.sim.corrections_of(invoice.tax_invoice_rs_id)
        self.assertEqual(correction["number"], refund.tax_invoice_number)
        self.assertEqual(correction["total"], refund.amount_total)
        self.assertEqual(correction["lines"][0]["amount"], 30)
        self.assertEqual(correction["buyerTin"], "01001012345")
        self.assertEqual(self.sim.invoices[int(invoice.tax_invoice_rs_id)]["status"], "sent")
        self.env["account.move"]._cron_tax_invoices()
        self.assertEqual(len(self.sim.invoices), 2, "issued once")
        refund.action_refresh_tax_invoice()
        self.assertEqual(refund.tax_invoice_state, "sent")

    @mute_logger(QUIET)
    def test_two_partial_credit_notes(self):
        invoice = self._invoice(100)
        invoice.action_issue_tax_invoice()
        first = self._credit_note(invoice, 30)
        second = self._credit_note(invoice, 70)
        self.assertEqual(second.tax_invoice_corrected_id, invoice, "after a correction, the rest is corrected too")
        self.env["account.move"]._cron_tax_invoices()
        self.assertEqual((first.tax_invoice_state, second.tax_invoice_state), ("sent", "sent"))
        corrections = self.sim.corrections_of(invoice.tax_invoice_rs_id)
        self.assertEqual([c["number"] for c in corrections], [first.tax_invoice_number, second.tax_invoice_number])
        self.assertEqual(invoice.tax_invoice_state, "sent")
        # a third credit note would take off more than the tax invoice: refused, left for a person
        third = self._credit_note(invoice, 10)
        self.env["account.move"]._cron_tax_invoices()
        self.assertEqual((third.tax_invoice_state, third.tax_invoice_retry), ("error", False))
        self.assertIn("more than", third.tax_invoice_error)
        self.assertEqual(len(self.sim.corrections_of(invoice.tax_invoice_rs_id)), 2)

    @mute_logger(QUIET)
    def test_correction_retried_after_a_failure(self):
        invoice = self._invoice(100)
        invoice.action_issue_tax_invoice()
        refund = self._credit_note(invoice, 40)
        self.sim.fail_next(1, 503)
        self.env["account.move"]._cron_tax_invoices()
        self.assertEqual(
            (refund.tax_invoice_state, refund.tax_invoice_retry, refund.tax_invoice_tries), ("error", True, 1)
        )
        self.assertFalse(self.sim.corrections_of(invoice.tax_invoice_rs_id))
        self.env["account.move"]._cron_tax_invoices()
        self.assertEqual(refund.tax_invoice_state, "sent")
        self.assertEqual(len(self.sim.corrections_of(invoice.tax_invoice_rs_id)), 1)

    def test_credit_note_without_tax_invoice(self):
        invoice = self._invoice(100)
        refund = self._credit_note(invoice, 30)
        self.assertFalse(refund.tax_invoice_state)
        with self.assertRaises(UserError):
            refund.action_issue_tax_invoice()

    def test_without_connection(self):
        invoice = self._invoice(50)
        self.connection.active = False
        with self.assertRaises(UserError):
            invoice.action_issue_tax_invoice()
        self.assertFalse(invoice.tax_invoice_state)

    def test_connection_settings_checked(self):
        with self.assertRaises(ValidationError):
            self.connection.url = "ftp://rs.ge"

    def test_access(self):
        company = self.env.company
        common = {"company_id": company.id, "company_ids": [company.id]}
        accountant = new_test_user(self.env, "tax_accountant", groups="account.group_account_invoice", **common)
        employee = new_test_user(self.env, "tax_employee", groups="base.group_user", **common)
        invoice = self._invoice(60)
        invoice.with_user(accountant).action_issue_tax_invoice()
        self.assertEqual(invoice.tax_invoice_state, "sent", "an accountant issues with the connection's password")
        connection = self.connection.with_user(accountant)
        self.assertEqual(connection.username, "telmico")
        with self.assertRaises(AccessError):
            connection.read(["password"])
        with self.assertRaises(AccessError):
            connection.write({"auto_issue": True})
        with self.assertRaises(AccessError):
            self.env["telmico.rs.connection"].with_user(employee).search([])
