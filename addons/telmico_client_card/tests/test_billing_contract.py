import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from unittest.mock import patch

from odoo.tools import mute_logger

from ..models import telmico_billing_backend
from .common import BillingRecordCase


class TestBillingRecordValidation(BillingRecordCase):
    """One bad record is refused with its reason; the good records of the same batch are applied, whole."""

    def _mirrored(self, number):
        return self.env["telmico.subscriber"].search([("number", "=", number)])

    def _assert_absent(self, record):
        """Nothing of a refused record is written: neither the subscriber nor any of its charges or payments."""
        self.assertFalse(self._mirrored(record["number"]), f"{record['number']} must not be mirrored")
        charge_ids = [c["id"] for c in record.get("charges") or [] if isinstance(c, dict)]
        payment_ids = [p["id"] for p in record.get("payments") or [] if isinstance(p, dict)]
        self.assertFalse(self.env["telmico.subscriber.charge"].search([("billing_id", "in", charge_ids)]))
        self.assertFalse(self.env["telmico.subscriber.payment"].search([("billing_id", "in", payment_ids)]))

    def test_wrong_types_refused_good_records_applied(self):
        """The penetration test's records: each used to crash the whole batch."""
        good_first, good_last = self._record(20), self._record(29)
        twice = self._record(27)
        twice["charges"] = [twice["charges"][0], dict(twice["charges"][0], amount="1.00")]
        bad = [
            self._record(21, meters=5),
            self._record(22, status=["x"]),
            self._record(23, phone=599123456),
            self._record(24, balance="NaN"),
            self._record(25, updated_at="9999-12-31T23:00:00-05:00"),
            self._record(26, updated_at="0001-01-01T00:00:00+04:00"),
            twice,
        ]
        stats = self._apply([good_first, *bad, good_last])
        self.assertEqual((stats["received"], stats["created"], stats["errors"]), (9, 2, 7))
        refused = self._refused()
        self.assertEqual(set(refused), {r["number"] for r in bad})
        self.assertIn("meters", refused[bad[0]["number"]])
        self.assertIn("status", refused[bad[1]["number"]])
        self.assertIn("phone", refused[bad[2]["number"]])
        self.assertIn("balance", refused[bad[3]["number"]])
        self.assertIn("updated_at", refused[bad[4]["number"]])
        self.assertIn("updated_at", refused[bad[5]["number"]])
        self.assertIn(twice["charges"][0]["id"], refused[twice["number"]])
        for record in bad:
            self._assert_absent(record)
        for record in (good_first, good_last):
            subscriber = self._mirrored(record["number"])
            self.assertEqual(len(subscriber.charge_ids), len(record["charges"]))
            self.assertEqual(len(subscriber.payment_ids), len(record["payments"]))
        self.assertEqual(self.run.error_count, 7)

    def test_amounts_must_be_finite_numbers_in_range(self):
        """One stored NaN charge turned every sum over charges into NaN: NaN and infinities are refused."""
        values = ["NaN", "nan", "-Infinity", "sNaN", math.nan, math.inf, "1e400", 10**30, "1e15", True, "", [1], {}]
        records = []
        for i, amount in enumerate(values):
            record = self._record(40 + i)
            record["charges"] = [dict(record["charges"][0], amount=amount)]
            records.append(record)
        balance = [self._record(60, balance=math.nan), self._record(61, balance="-inf")]
        payment = self._record(62)
        payment["payments"] = [dict(payment["payments"][0], amount="Infinity")]
        kwh = self._record(63)
        kwh["charges"] = [dict(kwh["charges"][0], kwh=1e308)]
        good = self._record(64)
        stats = self._apply([*records, *balance, payment, kwh, good])
        self.assertEqual((stats["created"], stats["errors"]), (1, len(values) + 4))
        for record in [*records, *balance, payment, kwh]:
            self._assert_absent(record)
        self.env.cr.execute("SELECT sum(amount), bool_or(amount = 'NaN'::numeric) FROM telmico_subscriber_charge")
        total, has_nan = self.env.cr.fetchone()
        self.assertFalse(has_nan)
        self.assertTrue(math.isfinite(total))
        self.assertEqual(self._mirrored(good["number"]).balance, float(Decimal(good["balance"])))

    def test_numbers_dates_and_texts_the_columns_cannot_hold(self):
        records = [
            self._record(70, number=1000000071),  # a number, not the documented string
            self._record(71, number="\u0661\u0662\u0663\u0664\u0665\u0666"),  # Arabic-Indic digits
            self._record(72, number="\uff11\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff17\uff13"),  # full-width
            self._record(73, contract_date="0001-01-01"),
            self._record(74, contract_date=20190301),
            self._record(75, updated_at="2026-11-01T10:00:00+99:00"),
            self._record(76, updated_at=1700000000),
            self._record(77, holder_name="ნინო\x00"),
            self._record(78, holder_name="\ud800"),
            self._record(79, address=["თბილისი"]),
            self._record(80, address={"city": 5}),
            self._record(81, charges=5),
            self._record(82, payments={"id": "P1"}),
            self._record(83, charges=[{"id": "x" * 65, "amount": "1.00"}]),
            self._record(84, charges=[{"id": 17, "amount": "1.00"}]),
            self._record(85, tariff={"a": [[[[]]]]}),
            self._record(86, status="frozen"),
            self._record(87, holder_type=["person"]),
            self._record(88, meters=["77001234", {"id": 1}]),
            self._record(89, updated_at=(datetime.now(UTC) + timedelta(days=3)).isoformat()),  # would freeze it
            5,
            None,
            ["1000000090"],
        ]
        good = self._record(90)
        stats = self._apply([*records, good])
        self.assertEqual((stats["created"], stats["errors"]), (1, len(records)))
        self.assertEqual(self.env["telmico.subscriber"].search_count([]), 3 + 1, "only the good record was added")
        self.assertEqual(len(self._mirrored(good["number"]).charge_ids), len(good["charges"]))
        self.assertIn("#21", self._refused(), "a record that is not an object is named by its position")
        self.assertTrue(all(self.run.error_ids.mapped("reason")))

    def test_duplicate_children_across_records(self):
        """A charge id is unique across billing: two records of one batch cannot both carry it."""
        first, second = self._record(100), self._record(101)
        second["charges"] = [*second["charges"], first["charges"][0]]
        third = self._record(102)
        third["payments"] = [*third["payments"], first["payments"][0]]
        stats = self._apply([first, second, third])
        self.assertEqual((stats["created"], stats["errors"]), (1, 2))
        self.assertEqual(len(self._mirrored(first["number"]).charge_ids), len(first["charges"]))
        self.assertIn(first["charges"][0]["id"], self._refused()[second["number"]])
        self.assertIn(first["payments"][0]["id"], self._refused()[third["number"]])
        self.assertFalse(self._mirrored(second["number"]) | self._mirrored(third["number"]))
        shared = self.env["telmico.subscriber.payment"].search([("billing_id", "=", first["payments"][0]["id"])])
        self.assertEqual(shared.subscriber_id.number, first["number"])

    def test_charge_of_another_subscriber_refused(self):
        """A record may not take over a charge mirrored under another subscriber."""
        stolen = self.sub1.charge_ids[0]
        record = self._record(110)
        record["charges"] = [{"id": stolen.billing_id, "period": "2026-10", "amount": "0.01"}]
        stats = self._apply([record])
        self.assertEqual(stats["errors"], 1)
        self.assertEqual(stolen.subscriber_id, self.sub1)
        self.assertNotEqual(stolen.amount, 0.01)
        self.assertFalse(self._mirrored(record["number"]))

    def test_same_subscriber_twice_in_a_batch(self):
        """The newest version wins; the other is counted as unchanged, so the counts add up."""
        newer = self._record(120, balance="10.00", updated_at="2026-11-20T00:00:00Z")
        older = self._record(120, balance="99.00", updated_at="2026-11-10T00:00:00Z")
        stats = self._apply([newer, older])
        self.assertEqual((stats["created"], stats["unchanged"], stats["errors"]), (1, 1, 0))
        self.assertEqual(self._mirrored(newer["number"]).balance, 10.0)

    def test_database_refusal_stays_with_its_record(self):
        """Should a value pass validation and still be refused by PostgreSQL, only its record is lost."""
        original = telmico_billing_backend.parse_subscriber_record
        victim = self._record(130)

        def let_through(record):
            parsed = original(record)
            if record is victim:
                parsed[0]["balance"] = "not a number"  # PostgreSQL refuses it (invalid numeric input)
            return parsed

        good = [self._record(131), self._record(132)]
        with (
            patch.object(telmico_billing_backend, "parse_subscriber_record", let_through),
            mute_logger("odoo.sql_db", "odoo.addons.telmico_client_card.models.telmico_billing_backend"),
        ):
            stats = self._apply([good[0], victim, good[1]])
        self.assertEqual((stats["created"], stats["errors"]), (2, 1))
        self.assertIn("database", self._refused()[victim["number"]])
        self._assert_absent(victim)
        for record in good:
            self.assertEqual(len(self._mirrored(record["number"]).charge_ids), len(record["charges"]))
