import re
from unittest.mock import patch

from odoo.tests import tagged

from .common import MailingCase

BODY = "გამარჯობა, {{ object.name }}! დავალიანება: {{ object.total_debt }} ₾. გადაიხადეთ: https://telmico.ge/pay"


def normalized(body):
    """A queued text without what differs between two mailings: the unsubscribe code, the short links' codes."""
    body = re.sub(r"/sms/\d+/\w+", "/sms/MAILING/CODE", body)
    return re.sub(r"/r/\w+/s/\d+", "/r/LINK/s/SMS", body)


@tagged("post_install", "-at_install", "telmico_mailing")
class TestLeanSmsQueuing(MailingCase):
    """A large SMS mailing is queued without Odoo's per-record costs, with exactly the SMS and traces Odoo makes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.twin = Partner.create({"name": "ნინოს ტყუპი", "mobile": "+995 599 10 02 01"})  # nino's number, spaced
        cls.bad = Partner.create({"name": "არასწორი ნომერი", "mobile": "12"})
        cls.none = Partner.create({"name": "ნომრის გარეშე"})
        cls.barred = Partner.create({"name": "შავ სიაში", "mobile": "+995599100299"})
        cls.env["phone.blacklist"].sudo()._add(["+995599100299"])
        cls.landline = Partner.create({"name": "სახლის ტელეფონი", "phone": "+995 32 2 10 02 05"})
        cls.recipients = cls.nino | cls.tamar | cls.twin | cls.bad | cls.none | cls.barred | cls.landline

    def _queue(self, stock):
        mailing = self._mailing("sms", "transactional", body_plaintext=BODY, sms_allow_unsubscribe=True)
        mailing.with_context(telmico_mailing_stock_composer=stock).action_send_sms(res_ids=self.recipients.ids)
        self.env.flush_all()
        self.env.invalidate_all()
        return mailing

    def _queued(self, mailing):
        """Per recipient: what its SMS, trace and tracker hold, ids replaced by what they point to."""
        result = {}
        for trace in self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)]):
            sms = self.env["sms.sms"].browse(trace.sms_id_int)
            result[trace.res_id] = {
                "sms": (
                    sms.number,
                    normalized(sms.body),
                    sms.state,
                    sms.failure_type,
                    sms.partner_id.id,
                    sms.mailing_id == mailing,
                    sms.sender_id.id,
                    sms.transliteration,
                    sms.to_delete,
                ),
                "trace": (
                    trace.model,
                    trace.trace_type,
                    trace.trace_status,
                    trace.failure_type,
                    trace.sms_number,
                    bool(trace.sms_code),
                    trace.campaign_id == mailing.campaign_id,
                ),
                "tracker": trace.sms_tracker_ids.mapped("sms_uuid") == [sms.uuid],
            }
        return result

    def test_same_sms_and_traces_as_odoo(self):
        lean = self._queued(self._queue(stock=False))
        stock = self._queued(self._queue(stock=True))
        self.assertEqual(sorted(lean), sorted(self.recipients.ids), "one trace per recipient")
        self.assertEqual(lean, stock)
        # what the comparison covers: every case of Odoo's composer
        states = {res_id: values["sms"][2:4] for res_id, values in lean.items()}
        self.assertEqual(states[self.nino.id], ("outgoing", False))
        self.assertEqual(states[self.twin.id], ("canceled", "sms_duplicate"))
        self.assertEqual(states[self.bad.id], ("canceled", "sms_number_format"))
        self.assertEqual(states[self.none.id], ("canceled", "sms_number_missing"))
        self.assertEqual(states[self.barred.id], ("canceled", "sms_blacklist"))
        self.assertEqual(states[self.landline.id], ("outgoing", False), "a landline is a number too, as for Odoo")
        body = lean[self.nino.id]["sms"][1]
        self.assertIn("ნინო კაპანაძე", body, "rendered per client")
        self.assertIn("/r/LINK/s/SMS", body, "the link shortened and tied to its SMS")
        self.assertIn("/sms/MAILING/CODE", body, "the unsubscribe link")
        self.assertTrue(all(values["tracker"] for values in lean.values()))

    def test_no_create_and_no_formatting_per_record(self):
        """The SMS, traces and trackers are written in one statement each, the numbers read as stored."""
        Sms, Trace = type(self.env["sms.sms"]), type(self.env["mailing.trace"])
        Phone = type(self.env["res.partner"])
        with (
            patch.object(Sms, "create", side_effect=AssertionError("sms.sms.create called")),
            patch.object(Trace, "create", side_effect=AssertionError("mailing.trace.create called")),
            patch.object(Phone, "_phone_format", side_effect=AssertionError("number formatted again")),
        ):
            mailing = self._mailing("sms", "transactional", body_plaintext=BODY)
            mailing.action_send_sms(res_ids=(self.nino | self.tamar).ids)
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(sms.partner_id, self.nino | self.tamar)
        self.assertEqual(sms.mapped("state"), ["outgoing", "outgoing"])

    def test_duplicates_across_batches(self):
        """A number already sent to by an earlier batch is a duplicate, as when Odoo takes every recipient at once."""
        mailing = self._mailing("sms", "transactional", body_plaintext=BODY)
        with patch("odoo.addons.telmico_mailing.models.mailing_mailing.SMS_BATCH_SIZE", 1):
            mailing.action_send_sms(res_ids=(self.nino | self.twin | self.tamar).ids)
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(
            {s.partner_id: (s.state, s.failure_type) for s in sms},
            {
                self.nino: ("outgoing", False),
                self.twin: ("canceled", "sms_duplicate"),
                self.tamar: ("outgoing", False),
            },
        )
        mailing.action_send_sms()
        self.assertEqual(self.env["sms.sms"].search_count([("mailing_id", "=", mailing.id)]), 3, "nobody queued twice")

    def test_recipients_read_a_batch_at_a_time(self):
        """The recipients are read one batch per query: never the ids of the whole audience, nor every trace of
        the mailing (what made the memory grow with the audience); a mailing stopped between two batches
        resumes with those not reached."""
        mailing = self._mailing("sms", "transactional", body_plaintext=BODY)
        Mailing = type(mailing)
        batches = []
        compose = Mailing._send_sms_get_composer_values

        def recorded(record, res_ids):
            batches.append(list(res_ids))
            return compose(record, res_ids)

        def send():
            batches.clear()
            with (
                patch("odoo.addons.telmico_mailing.models.mailing_mailing.SMS_BATCH_SIZE", 1),
                patch.object(Mailing, "_send_sms_get_composer_values", autospec=True, side_effect=recorded),
                patch.object(Mailing, "_get_recipients", side_effect=AssertionError("the whole audience read")),
                patch.object(
                    type(self.env["mailing.trace"]),
                    "search_read",
                    side_effect=AssertionError("the mailing's traces read"),
                ),
            ):
                mailing.action_send_sms()
                self.assertFalse(mailing._get_remaining_recipients())
            return batches

        self.assertEqual(send(), [[client.id] for client in (self.nino | self.tamar).sorted("id")])
        # stopped after the first batch: the second one's SMS and trace were never written
        second = batches[1]
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id), ("partner_id", "in", second)])
        self.env["mailing.trace"].search([("sms_id_int", "=", sms.id)]).unlink()
        sms.unlink()
        self.assertEqual(send(), [second], "only the recipient not reached")
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(sorted(sms.partner_id.ids), sorted((self.nino | self.tamar).ids), "nobody queued twice")

    def test_blacklist_searched_in_sql(self):
        """The audience's "not blacklisted" is a subquery, not the ids of every contact not blacklisted."""
        Partner = self.env["res.partner"]
        self.env["phone.blacklist"].sudo()._add([self.tamar.phone_sanitized])
        ((_field, _operator, value),) = Partner._search_phone_sanitized_blacklisted("=", False)
        self.assertNotIsInstance(value, list | tuple, "no list of ids")
        clients = [("id", "in", (self.recipients | self.tamar).ids)]
        allowed = Partner.search([*clients, ("phone_sanitized_blacklisted", "=", False)])
        self.assertEqual(allowed, Partner.search([*clients, ("phone_sanitized_blacklisted", "!=", True)]))
        self.assertEqual(
            allowed, self.recipients - self.barred - self.tamar, "without a number: not blacklisted, as for Odoo"
        )
        barred = Partner.search([*clients, ("phone_sanitized_blacklisted", "=", True)])
        self.assertEqual(barred, self.barred | self.tamar)
        self.assertEqual(barred, Partner.search([*clients, ("phone_sanitized_blacklisted", "!=", False)]))
