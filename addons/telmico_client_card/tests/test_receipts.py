import io
import tempfile
from decimal import Decimal

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger
from simulators.base import demo_world
from simulators.billing import BillingSimulator

from .common import BillingRecordCase, link_client

demo_data = demo_world()
QUIET = "odoo.addons.telmico_client_card.models.telmico_billing_sync_run"


class ReceiptCase(BillingRecordCase):
    def _receipts(self, ids):
        return self.env["telmico.subscriber.receipt"].search([("billing_id", "in", ids)])


class TestReceiptMirror(ReceiptCase):
    def test_receipts_mirrored_with_the_subscriber(self):
        """Each monthly bill of the billing record is on the subscriber card: number, period, kWh, amounts, due date."""
        record = demo_data.subscriber(0)
        receipts = self.sub1.receipt_ids
        self.assertEqual(len(receipts), len(record["receipts"]))
        self.assertEqual(len(receipts), len(self.sub1.charge_ids), "a receipt per charged month")
        last = receipts[0]  # newest period first
        given = record["receipts"][-1]
        self.assertEqual(
            (last.number, last.period, str(last.date), str(last.due_date), last.kwh),
            (given["number"], given["period"], given["date"], given["due_date"], given["kwh"]),
        )
        self.assertEqual(last.amount, float(Decimal(given["amount"])))
        self.assertEqual(last.amount_due, float(Decimal(given["amount"]) + Decimal(given["previous_balance"])))
        self.assertIn(given["number"], last.display_name)
        self.assertIn(given["period"], last.display_name)

    def test_bad_receipts_refuse_their_record_alone(self):
        """Receipts are checked like charges: types, finite amounts, dates in range and in order, unique ids."""

        def with_receipt(index, **changes):
            record = self._record(index)
            record["receipts"] = [dict(record["receipts"][0], **changes), *record["receipts"][1:]]
            return record

        twice = self._record(207)
        twice["receipts"] = [twice["receipts"][0], twice["receipts"][0]]
        bad = [
            with_receipt(201, amount="NaN"),
            with_receipt(202, previous_balance="Infinity"),
            with_receipt(203, period="2026-13"),
            with_receipt(204, date="2026-11-01", due_date="2026-10-25"),
            with_receipt(205, due_date="2999-01-01"),
            with_receipt(206, number=None),
            twice,
            with_receipt(208, number="x" * 41),
            with_receipt(209, kwh=[5]),
            with_receipt(210, id=17),
            self._record(211, receipts={"id": "R1"}),
            self._record(212, receipts=["R1"]),
        ]
        good = [self._record(200), self._record(213)]
        stats = self._apply([good[0], *bad, good[1]])
        self.assertEqual((stats["created"], stats["errors"]), (2, len(bad)))
        refused = self._refused()
        self.assertEqual(set(refused), {r["number"] for r in bad})
        self.assertIn("amount", refused[bad[0]["number"]])
        self.assertIn("previous_balance", refused[bad[1]["number"]])
        self.assertIn("period", refused[bad[2]["number"]])
        self.assertIn("before the date", refused[bad[3]["number"]])
        self.assertIn("due_date", refused[bad[4]["number"]])
        self.assertIn("number", refused[bad[5]["number"]])
        self.assertIn("twice", refused[twice["number"]])
        for record in bad:
            self.assertFalse(self.env["telmico.subscriber"].search([("number", "=", record["number"])]))
            receipt_ids = [r["id"] for r in record.get("receipts") or [] if isinstance(r, dict)]
            self.assertFalse(self._receipts([i for i in receipt_ids if isinstance(i, str)]))
        for record in good:
            self.assertEqual(len(self._receipts([r["id"] for r in record["receipts"]])), len(record["receipts"]))

    def test_receipt_ids_unique_across_the_batch_and_the_mirror(self):
        """A receipt cannot be claimed by two records of a batch, nor taken from the subscriber it is mirrored under."""
        first, second = self._record(220), self._record(221)
        second["receipts"] = [*second["receipts"], first["receipts"][0]]
        stolen = self.sub1.receipt_ids[0]
        third = self._record(222)
        third["receipts"] = [dict(third["receipts"][0], id=stolen.billing_id, amount="0.01")]
        stats = self._apply([first, second, third])
        self.assertEqual((stats["created"], stats["errors"]), (1, 2))
        self.assertIn("also in the record", self._refused()[second["number"]])
        self.assertIn("mirrored under subscriber", self._refused()[third["number"]])
        self.assertEqual(stolen.subscriber_id, self.sub1)
        self.assertNotEqual(stolen.amount, 0.01)

    def test_changed_receipt_updated_in_place(self):
        """A receipt billing corrects is updated (by its id), never doubled."""
        record = self._record(230)
        self._apply([record])
        corrected = dict(record, updated_at="2026-11-21T10:00:00Z")
        corrected["receipts"] = [dict(record["receipts"][-1], amount="99.99"), *record["receipts"][:-1]]
        self._apply([corrected])
        receipts = self._receipts([r["id"] for r in record["receipts"]])
        self.assertEqual(len(receipts), len(record["receipts"]))
        self.assertEqual(receipts.filtered(lambda r: r.billing_id == record["receipts"][-1]["id"]).amount, 99.99)

    def test_receipts_read_only_and_portal_sees_its_own(self):
        receipt = self.sub1.receipt_ids[0]
        for user in (self.user, self.manager):
            self.assertTrue(receipt.with_user(user).number)
            with self.assertRaises(AccessError):
                receipt.with_user(user).write({"amount": 1})
        with self.assertRaisesRegex(AccessError, "come from the billing system"):
            receipt.sudo().unlink()
        client = self._client(first_name="ნინო", last_name="ბერიძე")
        link_client(self.env, client, self.sub1)
        portal = new_test_user(self.env, login="cc_portal_receipts", groups="base.group_portal", partner_id=client.id)
        Receipt = self.env["telmico.subscriber.receipt"].with_user(portal)
        self.assertEqual(Receipt.search([]), self.sub1.receipt_ids)
        with self.assertRaises(AccessError):
            self.sub2.receipt_ids[:1].with_user(portal).read(["amount"])


class TestReceiptCard(ReceiptCase):
    def test_client_card_lists_the_receipts_of_its_subscribers(self):
        client = self._client(first_name="გიორგი", last_name="ბერიძე")
        self.assertEqual(client.receipt_count, 0)
        link_client(self.env, client, self.sub1)
        link_client(self.env, client, self.sub2, "payer")
        client.invalidate_recordset(["receipt_count"])
        expected = self.sub1.receipt_ids | self.sub2.receipt_ids
        self.assertEqual(client.receipt_count, len(expected))
        action = client.with_user(self.user).action_open_receipts()
        found = self.env["telmico.subscriber.receipt"].with_user(self.user).search(action["domain"])
        self.assertEqual(found, expected)

    def test_receipt_copy_in_georgian(self):
        """The copy is printed in Georgian on the company's layout with the receipt's own data."""
        self.env["res.lang"]._activate_lang("ka_GE")
        self.env["ir.module.module"]._load_module_terms(["telmico_client_card"], ["ka_GE"], overwrite=True)
        receipt = self.sub1.receipt_ids[0]
        self.assertEqual(receipt._receipt_lang(), "ka_GE")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("telmico_client_card.report_subscriber_receipt", receipt.ids)[0]
            .decode()
        )
        for text in (receipt.number, receipt.period, "1000000001", "გიორგი ბერიძე", "ჭავჭავაძის გამზირი 12"):
            self.assertIn(text, html)
        self.assertIn("ქვითარი", html)  # "Receipt No.", translated
        self.assertIn("გადასახდელი", html)  # "To pay"
        self.assertNotIn("To pay", html)
        self.assertIn(self.env.company.name, html, "the company's header")
        self.env.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = receipt.action_print()
        self.assertEqual(action["report_name"], "telmico_client_card.report_subscriber_receipt")


@tagged("post_install", "-at_install")
class TestReceiptPdf(HttpCase, ReceiptCase):
    """wkhtmltopdf fetches the report's assets from the server: an HttpCase (the server shares the test's cursor)."""

    def test_receipt_copy_is_a_pdf(self):
        """A real PDF (wkhtmltopdf) with Georgian text in it (the content itself: TestReceiptCard)."""
        receipt = self.sub1.receipt_ids[0]
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = report._render_qweb_pdf("telmico_client_card.report_subscriber_receipt", receipt.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        from PyPDF2 import PdfReader

        pages = PdfReader(io.BytesIO(pdf)).pages
        self.assertEqual(len(pages), 1)
        # wkhtmltopdf's text layer is read back only in part: the subscriber's Georgian address is
        self.assertIn("ჭავჭავაძის", pages[0].extract_text())


class TestReceiptImport(ReceiptCase):
    def test_csv_receipts_idempotent(self):
        size = 20
        with tempfile.TemporaryDirectory() as tmp:
            counts = demo_data.write_csv(f"{tmp}/", size)
            with open(f"{tmp}/subscribers.csv", encoding="utf-8") as f:
                self.sync._import_csv(f, "subscribers")
            with open(f"{tmp}/receipts.csv", encoding="utf-8") as f:
                text = f.read()
        run = self.sync._import_csv(io.StringIO(text), "receipts")
        self.assertEqual((run.received_count, run.error_count), (counts["receipts"], 0))
        numbers = [demo_data.subscriber_number(i) for i in range(demo_data.subscriber_count(size))]
        domain = [("subscriber_id.number", "in", numbers)]
        self.assertEqual(self.env["telmico.subscriber.receipt"].search_count(domain), counts["receipts"])
        self.sync._import_csv(io.StringIO(text), "receipts")
        self.assertEqual(self.env["telmico.subscriber.receipt"].search_count(domain), counts["receipts"], "no twice")
        bad = "subscriber,id,number,period,amount\n1000000001,R-x,1,2026-1,5\n"
        with mute_logger(QUIET):
            run = self.sync._import_csv(io.StringIO(bad), "receipts")
        self.assertEqual((run.error_count, run.state), (1, "partial"))


class TestReceiptPull(ReceiptCase):
    def test_receipts_pulled_from_billing(self):
        """The billing simulator serves the demo world's receipts; the pull mirrors them."""
        token = "receipts-token-for-tests-0123456789"
        with BillingSimulator(size=15, token=token) as sim:
            self.backend.write({"base_url": sim.url, "api_token": token})
            run = self.backend._sync_pull()
        self.assertEqual(run.state, "done")
        subscriber = self.env["telmico.subscriber"].search([("number", "=", demo_data.subscriber_number(5))])
        served = [receipt["id"] for receipt in demo_data.subscriber(5)["receipts"]]
        self.assertEqual(subscriber.receipt_ids.mapped("billing_id"), served[::-1], "newest period first")
