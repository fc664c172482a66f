from datetime import timedelta
from urllib.request import urlopen

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import KEY, SmsGatewayCase

GIORGI, NINO, DAVIT = "995599123456", "995577001122", "995555000111"


@tagged("post_install", "-at_install", "telmico_sms")
class TestSmsGateway(SmsGatewayCase):
    def test_sent_through_gateway_in_one_request(self):
        sms = self.queue("+995 599 12 34 56", "577 00 11 22", "995555000111", body="გამარჯობა, ნინო!")
        self.send(sms)
        self.assertEqual(sms.mapped("state"), ["pending"] * 3, "handed to the gateway: Sent")
        self.assertEqual(sorted(self.received()), sorted([GIORGI, NINO, DAVIT]))
        self.assertEqual(len([r for r in self.sim.requests if r.path == "/api/v2/send"]), 1, "one request per text")
        message = self.sim.messages[0]
        self.assertEqual(message["content"], "gamarjoba, nino!", "Georgian transliterated by default")
        self.assertEqual(message["sender"], "Telmico")
        self.assertTrue(sms[0].gateway_reference)
        self.assertEqual(sms.gateway_id, self.gateway)
        self.assertEqual(sms.mapped("try_count"), [1, 1, 1])
        # the simulator's page lists what it received (what `make run` shows)
        with urlopen(self.sim.url, timeout=10) as answer:
            page = answer.read().decode()
        self.assertIn("SMS sent by Odoo (3)", page)
        self.assertIn("995577001122", page)

    def test_transliteration_switches(self):
        self.gateway.apostrophe = True
        self.send(self.queue(GIORGI, body="წყალი ᲢᲔᲚᲛᲘᲙᲝ"))
        self.gateway.transliterate = False
        self.send(self.queue(GIORGI, body="გამარჯობა"))
        self.assertEqual([m["content"] for m in self.sim.messages], ["ts'q'ali T'ELMIK'O", "გამარჯობა"])

    def test_each_error_code(self):
        expected = {
            10: ("sms_number_format", "The gateway refused the recipient's number."),
            20: ("sms_credit", "The SMS gateway account has no credit left."),
            40: ("sms_too_long", "The message is longer than the gateway accepts."),
            75: ("sms_not_allowed", "The recipient is on the gateway's stop list"),
            80: ("sms_acc", "The gateway refused the API key."),
            110: ("sms_sender", "The gateway refused the sender name."),
            150: ("sms_sender", "The gateway refused the sender name."),
            76: ("sms_number_format", "The gateway refused the recipient's number."),
            77: ("sms_number_format", "The gateway refused the recipient's number."),
            120: ("sms_acc", "The gateway refused the API key."),
            700: ("sms_sender", "The gateway refused the sender name."),
            999: ("unknown", "The gateway refused the message."),
        }
        for code, (failure_type, reason) in expected.items():
            with self.subTest(code=code):
                self.sim.next_codes.append(code)
                sms = self.send(self.queue(GIORGI))
                self.assertEqual(sms.state, "error")
                self.assertEqual(sms.failure_type, failure_type)
                self.assertIn(reason, sms.failure_reason)
                self.assertIn(str(code), sms.failure_reason, "the gateway's own code is kept for the administrator")
        self.assertFalse(self.sim.messages)

    def test_real_refusals_of_the_simulator(self):
        """Not only injected codes: a wrong key, an unknown sender, a stop-listed number, no credit."""
        self.gateway.sudo().api_key = "wrong-key-" + "x" * 20
        self.assertEqual(self.send(self.queue(GIORGI)).failure_type, "sms_acc")
        self.gateway.sudo().api_key = KEY
        self.gateway.sender_ids.name = "Unknown"
        self.assertEqual(self.send(self.queue(GIORGI)).failure_type, "sms_sender")
        self.gateway.sender_ids.name = "Telmico"
        self.sim.balance = 1
        self.addCleanup(setattr, self.sim, "balance", None)
        self.assertEqual(self.send(self.queue(GIORGI, NINO)).mapped("failure_type"), ["sms_credit"] * 2)

    def test_one_stop_listed_number_does_not_sink_the_batch(self):
        self.sim.stop_list.add(NINO)
        self.addCleanup(self.sim.stop_list.clear)
        giorgi, nino, davit = self.send(self.queue(GIORGI, NINO, DAVIT))
        self.assertEqual((giorgi.state, davit.state), ("pending", "pending"))
        self.assertEqual((nino.state, nino.failure_type), ("error", "sms_not_allowed"))
        self.assertEqual(sorted(self.received()), sorted([GIORGI, DAVIT]))

    def test_invalid_number_never_reaches_the_gateway(self):
        sms = self.send(self.queue("12345"))
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_number_format"))
        self.assertFalse(self.sim.requests)

    def test_temporary_error_retried_with_back_off_then_sent(self):
        self.sim.next_codes.append(-100)
        with freeze_time("2026-11-30 10:00:00"):
            sms = self.send(self.queue(GIORGI))
            self.assertEqual((sms.state, sms.try_count), ("outgoing", 1), "back in the queue")
            self.assertEqual(sms.next_try_at, fields.Datetime.now() + timedelta(seconds=60))
            self.send(sms)
            self.assertEqual(sms.try_count, 1, "not tried again before its time")
        self.sim.fail_next(1, 503)
        with freeze_time(self.later(sms)):
            self.send(sms)
            self.assertEqual((sms.state, sms.try_count), ("outgoing", 2), "HTTP 503: temporary too")
            self.assertEqual(sms.next_try_at, fields.Datetime.now() + timedelta(seconds=120), "the delay doubles")
        with freeze_time(self.later(sms)):
            self.send(sms)
        self.assertEqual((sms.state, sms.try_count), ("pending", 3))
        self.assertEqual(self.received(), [GIORGI], "sent once")

    def test_dropped_connection_is_temporary(self):
        # (a timeout is the same case: Odoo's test mode raises every HTTP timeout to 10 s, too slow for a unit test)
        self.sim.drop_next(1)
        sms = self.send(self.queue(GIORGI))
        self.assertEqual((sms.state, sms.try_count), ("outgoing", 1))
        with freeze_time(self.later(sms)):
            self.send(sms)
        self.assertEqual((sms.state, sms.try_count), ("pending", 2))
        self.assertEqual(self.received(), [GIORGI])

    def test_given_up_after_the_last_try(self):
        self.sim.next_codes.extend([-100, -100, -100])
        sms = self.send(self.queue(GIORGI))
        for _try in range(2):
            with freeze_time(self.later(sms)):
                self.send(sms)
        self.assertEqual((sms.state, sms.failure_type, sms.try_count), ("error", "sms_server", 3))
        self.assertIn("tried 3 times", sms.failure_reason)
        self.assertFalse(self.sim.messages)
        # resending by hand starts the count again
        sms.resend_failed()
        self.assertEqual((sms.state, sms.try_count), ("pending", 1))

    def test_no_gateway_no_iap(self):
        self.env["telmico.sms.gateway"].search([]).active = False
        sms = self.send(self.queue(GIORGI))
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_acc"))
        self.assertIn("No SMS gateway is configured", sms.failure_reason)

    def test_sender_of_another_gateway(self):
        json_gateway = self.env["telmico.sms.gateway"].create(
            {"name": "JSON", "provider": "json", "base_url": f"{self.sim.url}/json", "api_key": KEY, "rate_limit": 0}
        )
        info = self.env["telmico.sms.sender"].create({"name": "TelmicoInfo", "gateway_id": json_gateway.id})
        sms = self.env["sms.sms"].create({"number": GIORGI, "body": "ინფო", "sender_id": info.id})
        self.send(sms)
        self.assertEqual((sms.state, sms.gateway_id), ("pending", json_gateway))
        self.assertEqual(self.sim.messages[0]["api"], "json")
        self.assertEqual(self.sim.messages[0]["sender"], "TelmicoInfo")
        # its gateway archived: the default gateway sends it under its own default sender
        json_gateway.active = False
        sms = self.send(self.env["sms.sms"].create({"number": GIORGI, "body": "ინფო", "sender_id": info.id}))
        self.assertEqual((sms.state, sms.gateway_id), ("pending", self.gateway))
        self.assertEqual((self.sim.messages[1]["api"], self.sim.messages[1]["sender"]), ("smsoffice", "Telmico"))

    def test_json_gateway_results_per_destination(self):
        self.gateway.write({"provider": "json", "base_url": f"{self.sim.url}/json"})
        self.sim.errors_by_number[NINO] = 10
        giorgi, nino = self.send(self.queue(GIORGI, NINO))
        self.assertEqual(giorgi.state, "pending")
        self.assertEqual((nino.state, nino.failure_type), ("error", "sms_number_format"))
        self.sim.next_codes.append(-100)
        self.assertEqual(self.send(self.queue(GIORGI)).state, "outgoing", "HTTP 503 is retried")
        self.gateway.sudo().api_key = "wrong-key-" + "x" * 20
        self.assertEqual(self.send(self.queue(GIORGI)).failure_type, "sms_acc")
        self.assertEqual(self.received(), [GIORGI])

    def test_chatter_sms_updates_the_notification(self):
        """An SMS posted on a record (``_message_sms``, as the desk does) goes through the gateway."""
        self.client._message_sms("Telmico: თქვენი მოთხოვნა მიღებულია", partner_ids=self.client.ids)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.client.id)])
        notification = self.env["mail.notification"].search([("sms_id_int", "=", sms.id)])
        self.assertEqual((sms.state, notification.notification_status), ("pending", "pending"))
        self.assertEqual(notification.sms_tracker_ids.sms_uuid, sms.uuid)
        self.assertEqual(self.sim.messages[0]["content"], "Telmico: tkveni motkhovna mighebulia")
