import base64
import hashlib

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PaidServicesCase


@tagged("post_install", "-at_install")
class TestFlow(PaidServicesCase):
    def _department_sees(self, service):
        return bool(
            self.env["telmico.service"]
            .with_user(self.executor)
            .search([("id", "=", service.id), ("department_id", "=", self.department.id)])
        )

    def test_order_to_act(self):
        """Order → contract → electronic signature → invoice e-mailed → payment → execution → act signed."""
        order = self._sell()
        service = order.telmico_service_ids
        contract = order.telmico_contract_ids
        # the order made the executing service (a draft on the request) and the numbered contract
        self.assertEqual(
            (service.template_id, service.state, service.request_id), (self.template, "draft", self.request)
        )
        self.assertEqual(service.subscriber_id, self.subscriber)
        self.assertEqual(contract.state, "draft")
        self.assertTrue(contract.name.startswith("CNT/"))
        self.assertTrue(contract.date_end > contract.date_start)
        self.assertIn("1.", contract.body)
        # no invoice before the contract is signed
        with self.assertRaises(UserError):
            order.with_user(self.operator).action_telmico_invoice()
        self._sign(contract)
        self.assertEqual((contract.state, contract.sign_method), ("signed", "electronic"))
        self.assertTrue(contract.signature)
        raw = contract.signed_attachment_id.raw
        self.assertIn(self.client.name.encode(), raw)  # the client's data are on the signed document
        self.assertIn(self.subscriber.number.encode(), raw)
        self.assertEqual(contract.signed_sha256, hashlib.sha256(raw).hexdigest())
        # the invoice is posted and e-mailed to the client
        order.with_user(self.operator).action_telmico_invoice()
        invoice = order.invoice_ids
        self.assertEqual((invoice.state, invoice.payment_state, invoice.amount_total), ("posted", "not_paid", 118.0))
        self.assertTrue(invoice.is_move_sent)
        sent = invoice.message_ids.filtered(lambda m: self.client in m.partner_ids and m.attachment_ids)
        self.assertTrue(sent, "the invoice is e-mailed to the client with its PDF")
        self.assertEqual(order.telmico_payment_state, "unpaid")
        # not paid: the service stays a draft the department does not see
        self.assertEqual(service.state, "draft")
        self.assertFalse(self._department_sees(service))
        self.assertNotIn(service.id, self._desk_items(self.head, "department"))
        with self.assertRaises(UserError):
            service.with_user(self.operator).action_register()
        # a partial payment is not enough
        self._pay(invoice, amount=50.0)
        self.assertEqual(order.telmico_payment_state, "partial")
        self.assertEqual(service.state, "draft")
        # the accountant registers the rest: the order is paid, the service goes to its department
        self._pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.telmico_payment_state, "paid")
        self.assertEqual((service.state, service.department_id), ("in_progress", self.department))
        self.assertTrue(self._department_sees(service))
        # on the head's Desk, to distribute; once given out, on the executor's Desk
        self.assertIn(service.id, self._desk_items(self.head, "department"))
        service.with_user(self.head)._assign(self.executor)
        self.assertIn(service.id, self._desk_items(self.executor, "my_services"))
        # the department completes it: the act of completed work is made, then signed on paper
        self.assertFalse(order.telmico_act_ids)
        service.with_user(self.executor).action_done()
        self.assertEqual(service.state, "closed")
        act = order.telmico_act_ids
        self.assertEqual((act.state, act.contract_id, act.service_ids), ("draft", contract, service))
        self.assertTrue(act.name.startswith("ACT/"))
        self._sign(act, method="paper")
        self.assertEqual((act.state, act.sign_method), ("signed", "paper"))
        self.assertEqual(act.signed_sha256, hashlib.sha256(b"%PDF-1.4 scan").hexdigest())

    def test_change_after_signature_is_detected(self):
        """The SHA-256 kept at signature shows any later change of the signed document."""
        order = self._sell()
        contract = order.telmico_contract_ids
        self._sign(contract)
        result = contract.with_user(self.operator).action_check_integrity()
        self.assertTrue(contract.integrity_ok)
        self.assertEqual(result["params"]["type"], "success")
        attachment = contract.signed_attachment_id
        attachment.raw = attachment.raw.replace(b"100.00", b"10.00")
        result = contract.with_user(self.operator).action_check_integrity()
        self.assertFalse(contract.integrity_ok)
        self.assertEqual(result["params"]["type"], "danger")

    def test_signature_fields_only_by_signing(self):
        """Nobody writes a signature or its hash by hand (it would hide a change of the signed document)."""
        order = self._sell()
        contract = order.telmico_contract_ids
        self._sign(contract)
        for vals in ({"signed_sha256": "0" * 64}, {"signed_by": "სხვა"}, {"signature": False}):
            with self.assertRaises(UserError):
                contract.with_user(self.releaser).write(vals)
        self.assertTrue(contract._telmico_integrity())

    def test_sign_needs_signature_or_scan(self):
        order = self._sell()
        contract = order.telmico_contract_ids
        with self.assertRaises(ValidationError):
            self._sign(contract, signature=False)
        with self.assertRaises(ValidationError):
            self._sign(contract, method="paper", scan=False)
        with self.assertRaises(ValidationError):
            self._sign(contract, signed_by=" ")
        self.assertEqual(contract.state, "draft")
        self._sign(contract)
        with self.assertRaises(UserError):
            self._sign(contract)

    def test_request_registration_leaves_unpaid_service_draft(self):
        """Registering the request registers its other services; the unpaid paid service waits."""
        request = (
            self.env["telmico.request"]
            .with_user(self.operator)
            .create({"partner_id": self.client.id, "channel": "walk_in", "subject": "გადატანა"})
        )
        order = self._sell(request=request)
        request.with_user(self.operator).action_register()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(order.telmico_service_ids.state, "draft")

    def test_exception_releases_unpaid_with_reason(self):
        """An unpaid order goes to execution only through the exception: by its right, with a reason."""
        order = self._sell()
        service = order.telmico_service_ids
        with self.assertRaises(AccessError):
            order.with_user(self.operator)._telmico_release_unpaid("სასწრაფო")
        with self.assertRaises(ValidationError):
            order.with_user(self.releaser)._telmico_release_unpaid("  ")
        self.assertEqual(service.state, "draft")
        wizard = (
            self.env["telmico.paid.release.wizard"]
            .with_user(self.releaser)
            .create({"order_id": order.id, "reason": "სოციალურად დაუცველი ოჯახი, გადაიხდის ხვალ"})
        )
        wizard.action_confirm()
        self.assertEqual((service.state, service.department_id), ("in_progress", self.department))
        self.assertEqual(order.telmico_released_by_id, self.releaser)

    def test_cancelled_order_cancels_its_draft_service(self):
        order = self._sell()
        order.with_user(self.operator).with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.telmico_service_ids.state, "cancelled")
        self.assertEqual(order.telmico_contract_ids.state, "cancelled")

    def test_paid_service_with_required_fields_stays_for_the_operator(self):
        """A payment never fails for the service: one with an unfilled required field stays a draft and the
        order says why."""
        self.template.field_ids = [(0, 0, {"name": "ახალი ადგილი", "key": "place", "required": True})]
        order = self._sell()
        invoice = self._invoice(order)
        self._pay(invoice)
        self.assertEqual(order.telmico_payment_state, "paid")
        self.assertEqual(order.telmico_service_ids.state, "draft")
        self.assertIn("ახალი ადგილი", order.message_ids[0].body)
        # once the operator fills it in, the service is registered by hand
        order.telmico_service_ids.value_ids.value_char = "სადარბაზო"
        order.telmico_service_ids.with_user(self.operator).action_register()
        self.assertEqual(order.telmico_service_ids.state, "in_progress")

    def test_electronic_signature_image_on_document(self):
        order = self._sell()
        contract = order.telmico_contract_ids
        self._sign(contract)
        self.assertIn(b"data:image/png;base64", contract.signed_attachment_id.raw)
        self.assertTrue(base64.b64decode(contract.signature))
