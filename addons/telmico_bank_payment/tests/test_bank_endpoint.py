import json
import time

import requests

from odoo.addons.telmico_base.tools.signature import sign
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import QUIET, SECRET, BankEndpointCase


@tagged("post_install", "-at_install")
class TestBankEndpoint(BankEndpointCase):
    def _code(self, answer):
        return answer[1]["status"]["code"]

    # ------------------------------------------------------------------ check

    def test_check_by_invoice_and_by_customer(self):
        first, second = self._invoice(120.5), self._invoice(30)
        status, answer = self.sim.check(invoice=first.name)
        self.assertEqual((status, answer["status"]), (200, {"code": 0, "value": "OK"}))
        self.assertEqual(answer["customer"]["name"], "ნ*** ბ*****", "the name is masked")
        self.assertEqual(answer["invoices"][0]["amount"], 12050, "amounts in tetri")
        self.assertEqual(answer["debt"], 12050)
        status, answer = self.sim.check(customer="01001012345")
        self.assertEqual(status, 200)
        self.assertEqual({debt["invoice"] for debt in answer["invoices"]}, {first.name, second.name})
        self.assertEqual(answer["debt"], 15050)

    @mute_logger(*QUIET)
    def test_check_unknown_customer_or_invoice(self):
        self.assertEqual(self._code(self.sim.check(customer="99999999999")), 6)
        self.assertEqual(self._code(self.sim.check(invoice="INV/1999/99999")), 6)
        status, answer = self.sim.call("check", {"customer": "12ab"})
        self.assertEqual((status, answer["status"]["code"]), (400, 2))

    # ------------------------------------------------------------------ pay

    def test_pay_posts_a_reconciled_payment(self):
        invoice = self._invoice(100)
        status, answer = self.sim.pay(invoice.name, 10000, self.currency_name)
        self.assertEqual((status, answer["status"]["code"]), (200, 0))
        self.assertTrue(answer["receiptId"].startswith("BP/"))
        self.env.invalidate_all()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.env.invalidate_all()
        payment = self._payments(invoice)
        self.assertEqual(len(payment), 1)
        self.assertEqual(payment.journal_id, self.bank.journal_id)
        self.assertEqual(payment.amount, 100)
        self.env.invalidate_all()
        transaction = self.bank.transaction_ids
        self.assertEqual((transaction.receipt, transaction.payment_id), (answer["receiptId"], payment))

    def test_cashier_pays_the_debt_through_the_simulator_page(self):
        """The simulator as run by hand: POST /pay on it checks the customer's debt, then pays it."""
        invoice = self._invoice(15)
        self.env.flush_all()
        with self.sim:
            response = requests.post(f"{self.sim.url}/pay", json={"customer": "01001012345"}, timeout=60)
            page = requests.get(self.sim.url, timeout=10).text
        self.env.invalidate_all()
        self.assertEqual((response.status_code, response.json()["status"]["code"]), (200, 0))
        self.assertEqual([call["operation"] for call in self.sim.calls], ["check", "pay"])
        self.assertIn(invoice.name, page)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_partial_payments_then_nothing_to_pay(self):
        invoice = self._invoice(50)
        self.assertEqual(self._code(self.sim.pay(invoice.name, 2000, self.currency_name)), 0)
        self.env.invalidate_all()
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(self.sim.check(invoice=invoice.name)[1]["debt"], 3000)
        self.assertEqual(self._code(self.sim.pay(invoice.name, 3000, self.currency_name)), 0)
        with mute_logger(*QUIET):
            status, answer = self.sim.pay(invoice.name, 100, self.currency_name)
        self.assertEqual((status, answer["status"]["code"]), (409, 11), "an invoice already paid")
        self.env.invalidate_all()
        self.assertEqual(len(self._payments(invoice)), 2)

    def test_replay_returns_the_same_receipt_and_posts_nothing(self):
        invoice = self._invoice(80)
        first = self.sim.pay(invoice.name, 4000, self.currency_name)
        payload = self.sim.calls[-1]["payload"]
        status, answer = self.sim.replay(payload)
        self.assertEqual((status, answer["status"]), (200, {"code": 12, "value": "ALREADY_SUCCESSFUL"}))
        self.assertEqual(answer["receiptId"], first[1]["receiptId"])
        self.env.invalidate_all()
        self.assertEqual(len(self._payments(invoice)), 1)
        self.env.invalidate_all()
        self.assertEqual(invoice.amount_residual, 40)

    @mute_logger(*QUIET)
    def test_replay_with_another_amount_is_refused(self):
        invoice = self._invoice(80)
        self.sim.pay(invoice.name, 4000, self.currency_name)
        status, answer = self.sim.replay(self.sim.calls[-1]["payload"], amount=5000)
        self.assertEqual((status, answer["status"]["code"]), (409, 8))
        self.env.invalidate_all()
        self.assertEqual(len(self._payments(invoice)), 1)
        self.env.invalidate_all()
        self.assertEqual(invoice.amount_residual, 40)

    def test_concurrent_calls_with_one_transaction_id(self):
        invoice = self._invoice(60)
        self.env.flush_all()
        results = self.sim.pay_concurrently(invoice.name, 6000, copies=2, currency=self.currency_name)
        self.assertEqual(sorted(answer["status"]["code"] for _status, answer in results), [0, 12])
        self.assertEqual(len({answer["receiptId"] for _status, answer in results}), 1, "the same receipt")
        self.env.invalidate_all()
        self.assertEqual(len(self._payments(invoice)), 1, "posted once")
        self.env.invalidate_all()
        self.assertEqual(len(self.bank.transaction_ids), 1)

    def test_timeout_then_retry_posts_once(self):
        invoice = self._invoice(25)
        self.sim.timeout_next = 1  # the bank stops waiting for the first answer, then sends the call again
        status, answer = self.sim.pay(invoice.name, 2500, self.currency_name, retries=3)
        self.assertEqual(self.sim.calls[0]["answer"], {"error": "timeout"})
        self.assertEqual((status, answer["status"]["code"]), (200, 12), "the retry finds the payment made")
        self.env.invalidate_all()
        self.assertEqual(len(self._payments(invoice)), 1)
        self.env.invalidate_all()
        self.assertEqual(invoice.payment_state in ("paid", "in_payment"), True)

    # ------------------------------------------------------------------ bad input

    @mute_logger(*QUIET)
    def test_bad_signature_posts_nothing(self):
        invoice = self._invoice(40)
        self.sim.wrong_hash_next = 1
        status, answer = self.sim.pay(invoice.name, 4000, self.currency_name)
        self.assertEqual((status, answer["status"]), (401, {"code": 3, "value": "INVALID_HASH"}))
        body = json.dumps({"transactionId": "T-1", "invoice": invoice.name, "amount": 4000, "currency": "GEL"}).encode()
        stale = str(int(time.time()) - 3600)
        headers = {
            "Content-Type": "application/json",
            "X-Telmico-Timestamp": stale,
            "X-Telmico-Signature": sign(SECRET, stale, body),
        }
        response = self.url_open("/telmico/bank/bog/pay", data=body, headers=headers)
        self.assertEqual((response.status_code, response.json()["status"]["code"]), (401, 3), "a replay an hour late")
        response = self.url_open("/telmico/bank/bog/pay", data=body, headers={"Content-Type": "application/json"})
        self.assertEqual(response.json()["status"]["code"], 3, "unsigned")
        self.env.invalidate_all()
        self.assertFalse(self._payments(invoice))
        self.env.invalidate_all()
        self.assertEqual(invoice.payment_state, "not_paid")

    @mute_logger(*QUIET)
    def test_cancelled_invoice_is_not_payable(self):
        invoice = self._invoice(40)
        invoice.button_draft()
        invoice.button_cancel()
        status, answer = self.sim.pay(invoice.name, 4000, self.currency_name)
        self.assertEqual((status, answer["status"]["code"]), (409, 10))
        self.assertEqual(self._code(self.sim.check(invoice=invoice.name)), 10)
        self.env.invalidate_all()
        self.assertFalse(self.bank.transaction_ids)

    @mute_logger(*QUIET)
    def test_wrong_amounts_and_currency(self):
        invoice = self._invoice(40)
        for amount in (4001, 0, -100, 40.0, "4000", True, None):
            status, answer = self.sim.pay(invoice.name, amount, self.currency_name)
            self.assertEqual((status, answer["status"]["code"]), (422, 7), f"amount {amount!r}")
        other = "EUR" if self.currency_name != "EUR" else "USD"
        self.assertEqual(self._code(self.sim.pay(invoice.name, 4000, other)), 4)
        self.env.invalidate_all()
        self.assertFalse(self._payments(invoice))
        self.env.invalidate_all()
        self.assertEqual(invoice.payment_state, "not_paid")

    @mute_logger(*QUIET)
    def test_unknown_invoice_or_bank(self):
        status, answer = self.sim.pay("INV/1999/00001", 100, self.currency_name)
        self.assertEqual((status, answer["status"]["code"]), (404, 6))
        self.sim.bank_code = "nobank"
        self.assertEqual(self._code(self.sim.check(customer="01001012345")), 1)
        self.bank.active = False
        self.sim.bank_code = "bog"
        self.assertEqual(self._code(self.sim.check(customer="01001012345")), 1, "an archived bank")
        self.assertFalse(self.env["telmico.bank.transaction"].search([]))

    @mute_logger(*QUIET)
    def test_malformed_calls(self):
        invoice = self._invoice(40)
        for payload in ({}, {"invoice": invoice.name, "amount": 100, "currency": "GEL"}, {"transactionId": "a b"}):
            status, answer = self.sim.call("pay", payload)
            self.assertEqual((status, answer["status"]["code"]), (400, 2), payload)
        body = b"[1, 2]"
        headers = {"Content-Type": "application/json", **self._signed(body)}
        self.assertEqual(self.url_open("/telmico/bank/bog/pay", data=body, headers=headers).status_code, 400)
        self.env.invalidate_all()
        self.assertFalse(self._payments(invoice))

    @mute_logger(*QUIET)
    def test_payment_refused_by_accounting_leaves_no_trace(self):
        invoice = self._invoice(40)
        self.bank.journal_id.inbound_payment_method_line_ids.unlink()
        status, answer = self.sim.pay(invoice.name, 4000, self.currency_name)
        self.assertEqual((status, answer["status"]), (500, {"code": 99, "value": "SYSTEM_ERROR"}))
        self.assertFalse(self._payments(invoice))
        self.assertFalse(self.bank.transaction_ids, "the bank may retry: the transaction id is still free")
        self.assertEqual(invoice.payment_state, "not_paid")

    def _signed(self, body):
        timestamp = str(int(time.time()))
        return {"X-Telmico-Timestamp": timestamp, "X-Telmico-Signature": sign(SECRET, timestamp, body)}

    @mute_logger(*QUIET)
    def test_basic_authentication_and_allow_list(self):
        self.bank.write(
            {"auth_method": "basic", "username": "bog", "password": "bog-password-1", "allowed_ips": "127.0.0.1"}
        )
        invoice = self._invoice(10)
        self.sim.secret, self.sim.username, self.sim.password = None, "bog", "wrong"
        self.assertEqual(self._code(self.sim.pay(invoice.name, 1000, self.currency_name)), 1, "bad password")
        self.sim.password = "bog-password-1"
        self.bank.allowed_ips = "192.0.2.0/24"
        self.assertEqual(self._code(self.sim.pay(invoice.name, 1000, self.currency_name)), 1, "address not allowed")
        self.env.invalidate_all()
        self.assertFalse(self._payments(invoice))
        self.bank.allowed_ips = "192.0.2.0/24, 127.0.0.1"
        self.assertEqual(self._code(self.sim.pay(invoice.name, 1000, self.currency_name)), 0)
        self.env.invalidate_all()
        self.assertEqual(len(self._payments(invoice)), 1)

    # ------------------------------------------------------------------ reconciliation

    def test_daily_reconciliation(self):
        first, second = self._invoice(10), self._invoice(20)
        self.sim.pay(first.name, 1000, self.currency_name)
        self.sim.pay(second.name, 2000, self.currency_name)
        self.env.invalidate_all()
        line = self.env["telmico.bank.reconciliation"].search([("bank_id", "=", self.bank.id)])
        self.assertEqual((line.transaction_count, line.transaction_amount, line.payment_amount), (2, 30, 30))
        self.assertTrue(line.balanced)
        # an accountant cancels one payment: the day no longer balances
        payment = self._payments(second)
        payment.action_draft()
        payment.action_cancel()
        self.env.invalidate_all()
        line = self.env["telmico.bank.reconciliation"].search([("bank_id", "=", self.bank.id)])
        self.assertEqual((line.payment_count, line.payment_amount, line.difference), (1, 10, 20))
        self.assertFalse(line.balanced)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("telmico_bank_payment.action_report_bank_reconciliation", line.ids)[0]
            .decode()
        )
        self.assertIn("საქართველოს ბანკი", html)
        self.assertIn("table-danger", html)
