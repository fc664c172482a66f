from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PaidServicesCase


@tagged("post_install", "-at_install")
class TestComplaintAndRefund(PaidServicesCase):
    def test_complaint_under_statutory_sla(self):
        """A complaint about a paid service is a request of the complaint category, under the statutory SLA,
        with the complaint service, linked to the order."""
        order = self._sell()
        action = order.with_user(self.operator).action_telmico_complaint()
        request = self.env["telmico.request"].browse(action["res_id"])
        self.assertEqual(request.telmico_complaint_order_id, order)
        self.assertEqual(request.category_id, self.env.ref("telmico_desk.category_complaint"))
        self.assertEqual(
            request.service_ids.template_id, self.env.ref("telmico_service_mgmt.service_template_complaint")
        )
        self.assertIn(request, order.telmico_complaint_ids)
        request.service_ids.value_ids.filtered(lambda v: v.key == "complaint").value_text = "მრიცხველი არ გადაიტანეს"
        request.with_user(self.operator).action_register()
        self.assertEqual(request.sla_id, self.env.ref("telmico_desk.sla_complaint"))
        self.assertTrue(request.sla_resolution_deadline)
        self.assertEqual(request.service_ids.state, "in_progress")

    def test_refund_by_credit_note(self):
        """A refund is a credit note of the paid invoice (Odoo's reversal): the order shows refunded."""
        order = self._sell()
        invoice = self._invoice(order)
        self._pay(invoice)
        action = order.with_user(self.accountant).action_telmico_refund()
        self.assertEqual(action["res_model"], "account.move.reversal")
        reversal = Form(
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
        )
        reversal.reason = "სამუშაო არ შესრულდა"
        reversal.journal_id = invoice.journal_id
        result = reversal.save().refund_moves()
        credit_note = self.env["account.move"].browse(result["res_id"])
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(
            (credit_note.amount_untaxed, credit_note.amount_tax, credit_note.amount_total), (100.0, 18.0, 118.0)
        )
        credit_note.with_user(self.accountant).action_post()
        self.assertEqual(order.telmico_payment_state, "refunded")

    def test_no_refund_without_invoice(self):
        order = self._sell()
        with self.assertRaises(UserError):
            order.with_user(self.accountant).action_telmico_refund()
