import hashlib
import hmac
import json
import math
import random
import time
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger
from simulators.base import demo_world

demo_data = demo_world()
SECRET = "push-secret-for-tests-0123456789abcdef"  # 38 characters: long enough
TBILISI = timezone(timedelta(hours=4))
QUIET = (
    "odoo.addons.telmico_client_card.controllers.billing",
    "odoo.addons.telmico_client_card.models.telmico_billing_sync_run",
    "odoo.addons.telmico_client_card.models.telmico_billing_backend",
)


def sign(body, secret=SECRET, timestamp=None):
    """The two headers billing sends with a push (contract in the addon README)."""
    timestamp = str(int(time.time() if timestamp is None else timestamp))
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"X-Telmico-Timestamp": timestamp, "X-Telmico-Signature": f"sha256={digest}"}


class BillingPushCase(HttpCase):
    def setUp(self):
        super().setUp()
        self.backend = self.env.ref("telmico_client_card.billing_backend_main")
        self.backend.webhook_secret = SECRET
        self.url = f"/telmico/billing/push/{self.backend.id}"

    def _post(self, body, secret=SECRET, timestamp=None, headers=None, content_type="application/json"):
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update(sign(body, secret, timestamp))
        all_headers.update(headers or {})
        headers = {k: v for k, v in all_headers.items() if v is not None}
        # url_open would send a GET for an empty body: post through the same session
        return self.opener.post(self.base_url() + self.url, data=body, headers=headers, timeout=30)


@tagged("post_install", "-at_install")
class TestBillingPush(BillingPushCase):
    @mute_logger(*QUIET)
    def test_signed_push_applied(self):
        record = demo_data.subscriber(42)
        bad = dict(demo_data.subscriber(43), number="12-34")
        response = self._post(json.dumps({"items": [record, bad]}).encode())
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual((body["received"], body["created"]), (2, 1))
        self.assertEqual(len(body["errors"]), 1)
        self.assertEqual(self.env["telmico.subscriber"].search_count([("number", "=", record["number"])]), 1)
        # the same push again (a retry) changes nothing
        again = self._post(json.dumps({"items": [record]}).encode()).json()
        self.assertEqual((again["created"], again["updated"], again["unchanged"]), (0, 0, 1))

    @mute_logger(*QUIET)
    def test_unsigned_or_forged_push_refused(self):
        body = json.dumps({"items": [demo_data.subscriber(1)]}).encode()
        self.assertEqual(self._post(body, secret="guess-" * 8).status_code, 401)
        self.assertEqual(self._post(body, timestamp=time.time() - 3600).status_code, 401, "replayed an hour later")
        response = self.url_open(self.url, data=body, headers={"Content-Type": "application/json"})
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"], "invalid_signature")
        self.assertFalse(self.env["telmico.subscriber"].search([("number", "=", demo_data.subscriber_number(1))]))

    def test_malformed_push_answers_400(self):
        response = self._post(b"{not json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"], "malformed_payload")
        self.assertEqual(self._post(b'{"items": 5}').status_code, 400)
        self.assertEqual(self.url_open("/telmico/billing/push/999999", data=b"{}").status_code, 404)


@tagged("post_install", "-at_install")
class TestBillingPushHeaders(BillingPushCase):
    """Malformed signature headers answered 500 before the signature was even checked."""

    @mute_logger(*QUIET)
    def test_malformed_headers_answer_401_with_a_reason(self):
        body = json.dumps({"items": [demo_data.subscriber(5)]}).encode()
        good = sign(body)
        now = good["X-Telmico-Timestamp"]
        attacks = {
            "400-digit timestamp": {"X-Telmico-Timestamp": "9" * 400},
            "negative timestamp": {"X-Telmico-Timestamp": "-" + now},
            "fractional timestamp": {"X-Telmico-Timestamp": now + ".5"},
            "exponent timestamp": {"X-Telmico-Timestamp": "1.7e9"},
            "Arabic-Indic digits": {"X-Telmico-Timestamp": "\u0661\u0667\u0660\u0660".encode()},
            "Latin-1 superscript digits": {"X-Telmico-Timestamp": b"\xb2\xb3"},
            "empty timestamp": {"X-Telmico-Timestamp": ""},
            "no timestamp": {"X-Telmico-Timestamp": None},
            "non-ASCII signature": {"X-Telmico-Signature": ("sha256=" + "é" * 64).encode()},
            "Latin-1 signature": {"X-Telmico-Signature": b"sha256=" + b"\xe9" * 64},
            "signature without scheme": {"X-Telmico-Signature": good["X-Telmico-Signature"][7:]},
            "other algorithm": {"X-Telmico-Signature": "sha1=" + hashlib.sha1(body).hexdigest()},
            "short signature": {"X-Telmico-Signature": "sha256=abc"},
            "huge signature": {"X-Telmico-Signature": "sha256=" + "a" * 20000},
            "empty signature": {"X-Telmico-Signature": ""},
            "no signature": {"X-Telmico-Signature": None},
        }
        for name, headers in attacks.items():
            with self.subTest(name):
                response = self._post(body, headers=headers)
                self.assertEqual(response.status_code, 401)
                answer = response.json()
                self.assertEqual(answer["error"], "invalid_signature")
                self.assertTrue(answer.get("reason"), "the refusal says why")
        self.assertFalse(self.env["telmico.subscriber"].search([("number", "=", demo_data.subscriber_number(5))]))
        # the same body with its real headers is applied
        self.assertEqual(self._post(body).status_code, 200)

    @mute_logger(*QUIET)
    def test_body_that_cannot_be_read(self):
        too_deep = b'{"items": ' + b"[" * 100000 + b"]" * 100000 + b"}"
        for body in (too_deep, b"\xff\xfe\x00{", b"[]", b'"items"', b"null", b'{"items": {"a": 1}}'):
            with self.subTest(body=body[:20]):
                response = self._post(body)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["error"], "malformed_payload")
        form = self._post(b"items=1", content_type="application/x-www-form-urlencoded")
        self.assertEqual((form.status_code, form.json()["error"]), (415, "unsupported_media_type"))
        many = json.dumps({"items": [{}] * 10001}).encode()
        self.assertEqual(self._post(many).status_code, 413)


@tagged("post_install", "-at_install")
class TestBillingPushRecords(BillingPushCase):
    """A signed push with one bad record lost the whole batch with a 500."""

    @mute_logger(*QUIET)
    def test_bad_records_refused_the_rest_applied(self):
        good = [demo_data.subscriber(50), demo_data.subscriber(59)]
        twice = demo_data.subscriber(57)
        twice["charges"] = [twice["charges"][0], twice["charges"][0]]
        bad = [
            dict(demo_data.subscriber(51), meters=5),
            dict(demo_data.subscriber(52), status=["x"]),
            dict(demo_data.subscriber(53), phone=599123456),
            dict(demo_data.subscriber(54), balance="NaN"),
            dict(demo_data.subscriber(55), updated_at="9999-12-31T23:59:59-14:00"),
            dict(demo_data.subscriber(56), balance=math.nan),  # a NaN literal in the JSON
            twice,
        ]
        response = self._post(json.dumps({"items": [good[0], *bad, good[1]]}).encode())
        self.assertEqual(response.status_code, 200)
        answer = response.json()
        self.assertEqual((answer["received"], answer["created"]), (9, 2))
        self.assertEqual(sorted(e["reference"] for e in answer["errors"]), sorted(r["number"] for r in bad))
        self.assertTrue(all(e["reason"] for e in answer["errors"]))
        Subscriber = self.env["telmico.subscriber"]
        self.assertEqual(Subscriber.search([]).mapped("number"), sorted(r["number"] for r in good))
        self.assertEqual(len(Subscriber.search([]).charge_ids), sum(len(r["charges"]) for r in good))
        run = self.env["telmico.billing.sync.run"].browse(answer["run"])
        self.assertEqual((run.state, run.error_count, len(run.error_ids)), ("partial", 7, 7))


@tagged("post_install", "-at_install")
class TestBillingPushFuzz(BillingPushCase):
    """Random headers and bodies against the real endpoint: never a 5xx, never anything half-applied.

    Each case is built knowing what the connector must do with it (401, 400, 413, 415, or 200 with
    each record applied or refused); after each answer the whole mirror is compared with what that
    answer promises: the records answered as applied exactly, nothing of a refused record.
    """

    SEED = 20261129
    CASES = 300
    POOL = range(300, 316)  # the demo subscribers the pushes are about

    def test_fuzz_push(self):
        rng = random.Random(self.SEED)
        self.t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
        started = time.time()
        with mute_logger(*QUIET):
            for case in range(self.CASES):
                self._case(rng, case)
        self.assertLess(time.time() - started, 120, "the fuzz run must stay short")

    # ------------------------------------------------------------------ oracle

    def _snapshot(self):
        cr = self.env.cr
        cr.execute("SELECT number, balance, billing_updated_at, status, name FROM telmico_subscriber")
        subscribers = {row[0]: row[1:] for row in cr.fetchall()}
        children = []
        for table in ("telmico_subscriber_charge", "telmico_subscriber_payment"):
            cr.execute(
                SQL(
                    "SELECT c.billing_id, s.number, c.amount FROM %s c JOIN telmico_subscriber s ON s.id = c.subscriber_id",
                    SQL.identifier(table),
                )
            )
            children.append({row[0]: row[1:] for row in cr.fetchall()})
        return subscribers, children[0], children[1]

    @staticmethod
    def _money(value):
        """An amount as the mirror keeps it (rounded to the cent), as Odoo's cursor returns it (a float)."""
        return float(Decimal(str(value).strip()).quantize(Decimal("0.01")))

    def _expected(self, before, applied):
        """The mirror after ``applied`` (the winning good records) on top of ``before``."""
        subscribers, charges, payments = (dict(part) for part in before)
        for record in applied:
            number = record["number"]
            name = (record.get("holder_name") or "").strip()[:255] or None
            when = datetime.fromisoformat(record["updated_at"].replace("Z", "+00:00")).astimezone(UTC)
            subscribers[number] = (
                self._money(record.get("balance") or 0),
                when.replace(tzinfo=None),
                record.get("status") or "active",
                name,
            )
            for charge in record.get("charges") or []:
                charges[charge["id"]] = (number, self._money(charge["amount"]))
            for payment in record.get("payments") or []:
                payments[payment["id"]] = (number, self._money(payment["amount"]))
        return subscribers, charges, payments

    # ------------------------------------------------------------------ cases

    def _case(self, rng, case):
        before = self._snapshot()
        roll = rng.random()
        content_type = "application/json"
        if roll < 0.05:
            content_type = rng.choice(
                ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", None]
            )
        kind = "records" if roll >= 0.3 else ("headers" if roll >= 0.15 else "body")
        if kind == "records":
            records, bad_refs, applied, twins = self._records(rng, case, before)
            body = json.dumps({"items": records}).encode()
            if "__HUGE__" in body.decode():
                body = body.replace(b'"__HUGE__"', b"9" * rng.choice([400, 5000]))
        else:
            body = (
                self._bad_body(rng) if kind == "body" else json.dumps({"items": [demo_data.subscriber(300)]}).encode()
            )
        headers = self._bad_headers(rng, body) if kind == "headers" else {}
        if content_type == "application/json" and rng.random() < 0.1:
            content_type = "application/json; charset=utf-8"
        response = self._post(body, headers=headers, content_type=content_type)
        label = f"case {case} ({kind}, {content_type}): {body[:300]!r} {repr(headers)[:300]}"
        self.assertLess(response.status_code, 500, label)
        if not (content_type or "").startswith("application/json"):
            # a form body that werkzeug cannot parse is refused by Odoo (400/413) before the connector is called
            self.assertIn(response.status_code, (400, 413, 415), label)
            if response.status_code == 415:
                self.assertEqual(response.json()["error"], "unsupported_media_type", label)
            self.assertEqual(self._snapshot(), before, label)
            return
        self.assertEqual(response.headers.get("Content-Type"), "application/json; charset=utf-8", label)
        answer = response.json()
        if kind == "headers":
            self.assertEqual((response.status_code, answer["error"]), (401, "invalid_signature"), label)
            self.assertTrue(answer.get("reason"), label)
            self.assertEqual(self._snapshot(), before, label)
            return
        if kind == "body":
            self.assertIn(response.status_code, (400, 413), label)
            self.assertEqual(self._snapshot(), before, label)
            return
        self.assertEqual(response.status_code, 200, label)
        self.assertEqual(answer["received"], len(records), label)
        self.assertEqual(sorted(e["reference"] for e in answer["errors"]), sorted(bad_refs), f"{label} {answer}")
        self.assertEqual(answer["created"] + answer["updated"], len(applied), f"{label} {answer}")
        self.assertEqual(answer["unchanged"], twins, f"{label} {answer}")
        self.assertEqual(self._snapshot(), self._expected(before, applied), label)

    def _updated_at(self, case, offset, rng):
        when = self.t0 + timedelta(seconds=case * 60 + offset)
        if rng.random() < 0.3:
            return when.astimezone(TBILISI).isoformat()  # with an offset
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _good(self, rng, index, case, position):
        record = demo_data.subscriber(index)
        record["updated_at"] = self._updated_at(case, position + 1, rng)
        record["balance"] = rng.choice(["12.34", 0, -5, 7.25, "-0.01", " 99 ", 999999999999, "1e3", 0.1 + 0.2])
        record["charges"] = [dict(c, amount=rng.choice(["1.10", 3, 2.5, "0"])) for c in record["charges"]]
        if rng.random() < 0.2:
            record["payments"] = None
        change = rng.randrange(8)
        if change == 0:
            record["holder_name"] = rng.choice(["ნინო ბერიძე 🌟", "\u202eRTL", "名前", "x" * 300, "  ია  ", ""])
        elif change == 1:
            record["status"] = rng.choice(["active", "suspended", "disconnected", "closed", None])
        elif change == 2:
            record["meters"] = rng.choice(["77001234;77001235", [], None])
        elif change == 3:
            record["address"] = None
        elif change == 4:
            record["phone"] = rng.choice(["not a phone", None, "+995 599 12 34 56"])
        elif change == 5:
            record["charges"] = []
        return record

    def _records(self, rng, case, before):
        """A batch of good and bad records; returns it with the expected refusals and applications."""
        numbers = rng.sample(list(self.POOL), rng.randint(1, 6))
        records, bad_refs, applied = [], [], []
        for position, index in enumerate(numbers):
            record = self._good(rng, index, case, position)
            if rng.random() < 0.5:
                records.append(record)
                applied.append(record)
                continue
            # the spoilers below need a charge and a payment to spoil
            demo = demo_data.subscriber(index)
            record["charges"] = record["charges"] or [dict(c, amount="1.00") for c in demo["charges"]]
            record["payments"] = record["payments"] or [{"id": f"P{record['number']}-fuzz", "amount": "1.00"}]
            ref = self._spoil(rng, record, position, applied, before)
            records.append(record)
            bad_refs.append(ref)
        twins = 0
        if applied and rng.random() < 0.2:
            original = rng.choice(applied)
            twin = dict(original, balance="55.55", updated_at=self._updated_at(case, -30, rng))
            records.append(twin)
            twins = 1
        if rng.random() < 0.1:
            records.insert(len(records), rng.choice([5, "x", None, [], True]))
            bad_refs.append(f"#{len(records)}")
        return records, bad_refs, applied, twins

    def _spoil(self, rng, record, position, applied, before):
        """Make ``record`` bad in one random way; returns the reference its refusal must carry."""
        ref = record["number"]
        spoilers = [
            lambda: record.update(meters=rng.choice([5, [1], [{"m": 1}], True])),
            lambda: record.update(status=rng.choice([["x"], "frozen", 1, {"a": 1}])),
            lambda: record.update(phone=rng.choice([599123456, ["+995599123456"], 5.5])),
            lambda: record.update(
                balance=rng.choice(
                    ["NaN", "Infinity", "-inf", math.nan, math.inf, 10**30, "1e400", True, [1], "__HUGE__"]
                )
            ),
            lambda: record.update(
                updated_at=rng.choice(
                    [
                        "9999-12-31T23:59:59-14:00",
                        "0001-01-01T00:00:00+14:00",
                        None,
                        17,
                        "yesterday",
                        (datetime.now(UTC) + timedelta(days=3)).isoformat(),
                        "2026-02-30T00:00:00Z",
                    ]
                )
            ),
            lambda: record.update(holder_name=rng.choice(["ნინო\x00", "\ud800", 5, ["a"]])),
            lambda: record.update(address=rng.choice(["თბილისი", [1], {"city": 5}, {"zip": ["0179"]}])),
            lambda: record.update(charges=rng.choice([5, "C1", {"id": "C1"}, [5], [{"amount": "1.00"}]])),
            lambda: record.update(charges=[record["charges"][0], dict(record["charges"][0], amount="9.99")]),
            lambda: record.update(
                charges=[dict(record["charges"][0], amount=rng.choice(["NaN", math.nan, "1e13", None, "abc"]))]
            ),
            lambda: record.update(charges=[dict(record["charges"][0], id=rng.choice(["C" * 65, 17, "", None]))]),
            lambda: record.update(
                charges=[dict(record["charges"][0], period=rng.choice(["2026-13", "2026-1", 202610]))]
            ),
            lambda: record.update(
                payments=[dict(record["payments"][0], date=rng.choice(["0001-01-01", "2026-02-30", 5]))]
            ),
            lambda: record.update(contract_date=rng.choice(["1000-01-01", 20190301, "soon"])),
            lambda: record.update(tariff=rng.choice([{"a": [[[[[1]]]]]}, 42, ["RES-1"]])),
        ]
        number_spoilers = [
            (int(record["number"]), record["number"]),
            ("\u0661\u0662\u0663\u0664\u0665\u0666", "\u0661\u0662\u0663\u0664\u0665\u0666"),
            ("12-34", "12-34"),
            ("1" * 30, "1" * 30),
        ]
        choice = rng.randrange(len(spoilers) + 3)
        if choice < len(spoilers):
            spoilers[choice]()
        elif choice == len(spoilers):
            value, ref = rng.choice(number_spoilers)
            record["number"] = value
        elif choice == len(spoilers) + 1 and any(r.get("charges") for r in applied):
            # a charge of a good record earlier in the same push
            donor = rng.choice([r for r in applied if r.get("charges")])
            record["charges"] = [*record["charges"], rng.choice(donor["charges"])]
        else:
            # a charge already mirrored under another subscriber
            owned = [cid for cid, (number, _amount) in before[1].items() if number != record["number"]]
            if owned:
                record["charges"] = [{"id": rng.choice(owned), "period": "2026-10", "amount": "0.01"}]
            else:
                record["meters"] = 5
        return ref

    # ------------------------------------------------------------- header and body attacks

    def _bad_headers(self, rng, body):
        good = sign(body)
        now = int(good["X-Telmico-Timestamp"])
        timestamps = [
            "9" * rng.choice([13, 400, 5000]),
            str(-now),
            f"{now}.5",
            "1.7e9",
            "",
            None,
            str(now - 301),
            str(now + 3600),
            "\u0661\u0667".encode(),
            b"\xb2\xb3",
            f"{now} x",
            "0x" + format(now, "x"),
        ]
        signatures = [
            "",
            None,
            "sha256=",
            "sha256=" + "0" * 64,
            sign(body, secret="wrong-secret-" * 3)["X-Telmico-Signature"],
            sign(body + b" ")["X-Telmico-Signature"],
            "sha1=" + hashlib.sha1(body).hexdigest(),
            good["X-Telmico-Signature"][7:],
            ("sha256=" + "é" * 64).encode(),
            b"sha256=" + bytes(rng.randrange(128, 256) for _i in range(64)),
            "sha256=" + "a" * rng.choice([63, 65, 20000]),
            good["X-Telmico-Signature"] + "00",
        ]
        pick = rng.randrange(3)
        headers = {}
        if pick in (0, 2):
            headers["X-Telmico-Timestamp"] = rng.choice(timestamps)
        if pick in (1, 2):
            headers["X-Telmico-Signature"] = rng.choice(signatures)
        return headers

    def _bad_body(self, rng):
        depth = 100000  # deeper than any recursion limit
        return rng.choice(
            [
                b"",
                b"{not json",
                b"[]",
                b"null",
                b'"items"',
                b"5",
                b'{"items": 5}',
                b'{"items": {"a": 1}}',
                b'{"items": "x"}',
                b'{"item": []}',
                b"\xff\xfe\x00{",
                b"[" * depth + b"]" * depth,
                b'{"items": [' + b"[" * depth + b"]" * depth + b"]}",
                b'{"items": NaN}',
                json.dumps({"items": [{}] * 10001}).encode(),
                bytes(rng.randrange(256) for _i in range(rng.randrange(1, 200))),
            ]
        )
