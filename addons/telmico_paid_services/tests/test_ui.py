from odoo.tests import HttpCase, tagged

from .common import SIGNATURE_PNG, PaidServicesCase


@tagged("post_install", "-at_install")
class TestPaidServicesUi(HttpCase, PaidServicesCase):
    def test_operator_sells_and_signs(self):
        """In the browser: the operator sells a paid service on the request, confirms it and the client signs
        the contract on the signature pad with a pen (pointer events)."""
        self.start_tour(f"/odoo/telmico.request/{self.request.id}", "telmico_paid_service_sell", login="paid_operator")
        order = self.request.telmico_order_ids
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.amount_total, 118.0)
        contract = order.telmico_contract_ids
        self.assertEqual((contract.state, contract.sign_method), ("signed", "electronic"))
        self.assertTrue(contract.signature)
        self.assertTrue(contract._telmico_integrity())


@tagged("post_install", "-at_install")
class TestPaidServicesPortal(HttpCase, PaidServicesCase):
    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def test_client_sees_own_contracts_acts_and_invoices(self):
        mine = self._sell()
        other = self._sell(client=self.other_client, subscriber=self.other_subscriber)
        self._sign(mine.telmico_contract_ids)
        invoice = self._invoice(mine)
        act = self.env["telmico.paid.act"].create({"order_id": mine.id})
        other_contract = other.telmico_contract_ids
        self.authenticate("paid_portal", "paid_portal")
        page = self._get("/my/paid/contracts")
        self.assertEqual(page.status_code, 200)
        self.assertIn(mine.telmico_contract_ids.name, page.text)
        self.assertNotIn(other_contract.name, page.text)
        self.assertIn(act.name, self._get("/my/paid/acts").text)
        # the signed contract is the stored signed file
        page = self._get(f"/my/paid/contracts/{mine.telmico_contract_ids.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(mine.telmico_contract_ids.name, page.text)
        self.assertNotIn("portal.signature_form", page.text, "a signed contract is not signed again")
        document = self._get(f"/my/paid/contracts/{mine.telmico_contract_ids.id}/pdf")
        self.assertEqual(document.status_code, 200)
        self.assertEqual(document.content, mine.telmico_contract_ids.signed_attachment_id.raw)
        # another client's contract is refused
        self.assertEqual(self._get(f"/my/paid/contracts/{other_contract.id}/pdf").status_code, 303)
        refused = self._get(f"/my/paid/contracts/{other_contract.id}")
        self.assertEqual(refused.status_code, 303)
        self.assertNotIn(b"CNT/", refused.content)
        # the invoice is in Odoo's portal pages of invoices, with its amount
        invoices = self._get("/my/invoices")
        self.assertEqual(invoices.status_code, 200)
        self.assertIn(invoice.name, invoices.text)
        self.assertEqual(self._get(f"/my/invoices/{invoice.id}").status_code, 200)
        self.assertEqual(self._get("/my/paid/unknown").status_code, 404)

    def test_client_signs_the_contract_in_the_cabinet(self):
        """The client signs their contract in the personal cabinet with Odoo's portal signature form; another
        client's contract and a signed one cannot be signed."""
        mine = self._sell().telmico_contract_ids
        other = self._sell(client=self.other_client, subscriber=self.other_subscriber).telmico_contract_ids
        self.authenticate("paid_portal", "paid_portal")
        page = self._get(f"/my/paid/contracts/{mine.id}")
        self.assertIn("portal.signature_form", page.text)
        self.assertIn(f"/my/paid/contracts/{mine.id}/sign", page.text)
        refused = self.make_jsonrpc_request(
            f"/my/paid/contracts/{other.id}/sign", {"name": "ნანა", "signature": SIGNATURE_PNG.decode()}
        )
        self.assertIn("error", refused)
        self.assertEqual(other.state, "draft")
        empty = self.make_jsonrpc_request(f"/my/paid/contracts/{mine.id}/sign", {"name": "გიორგი ბერიძე"})
        self.assertIn("error", empty)
        result = self.make_jsonrpc_request(
            f"/my/paid/contracts/{mine.id}/sign", {"name": "გიორგი ბერიძე", "signature": SIGNATURE_PNG.decode()}
        )
        self.assertTrue(result["force_refresh"])
        mine.invalidate_recordset()
        self.assertEqual((mine.state, mine.sign_method, mine.signed_by), ("signed", "electronic", "გიორგი ბერიძე"))
        self.assertTrue(mine._telmico_integrity())
        again = self.make_jsonrpc_request(
            f"/my/paid/contracts/{mine.id}/sign", {"name": "გიორგი ბერიძე", "signature": SIGNATURE_PNG.decode()}
        )
        self.assertIn("error", again)
