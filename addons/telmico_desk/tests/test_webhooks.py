import json
from collections import Counter
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL
from simulators.webhook_receiver import WebhookReceiver

from .common import DeskCase

ALL_EVENTS = (
    "request.created",
    "request.updated",
    "request.resolved",
    "message.created",
    "client.created",
    "service.done",
)


@tagged("post_install", "-at_install")
class TestWebhooks(DeskCase):
    """Outgoing webhooks against a real HTTP receiver (simulators/webhook_receiver.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receiver = WebhookReceiver().start()
        cls.addClassCleanup(cls.receiver.stop)
        cls.Delivery = cls.env["telmico.webhook.delivery"]

    def setUp(self):
        super().setUp()
        self.receiver.deliveries.clear()
        self.receiver.requests.clear()
        self.receiver.clear_faults()

    def _webhook(self, events=ALL_EVENTS, **values):
        webhook = self.env["telmico.webhook"].create(
            {
                "name": "Personal cabinet",
                "url": f"{self.receiver.url}/hooks/cabinet",
                "event_ids": [Command.set(self._events(events).ids)],
                **values,
            }
        )
        self.receiver.secret = webhook.secret
        return webhook

    def _events(self, codes):
        return self.env["telmico.webhook.event"].search([("code", "in", list(codes))])

    def _commit(self):
        """What the commit of the user's transaction does: the events are queued (in it)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _deliver(self):
        """The sending cron (the events of the transaction are queued first)."""
        self._commit()
        self.Delivery._cron_send()
        return [(d.event, d.json().get("data")) for d in self.receiver.deliveries]

    def _due(self, deliveries):
        deliveries.write({"next_attempt_at": datetime(2026, 1, 1)})

    # ------------------------------------------------------------------ events

    def test_each_event_fires_once_signed_and_only_after_the_commit(self):
        self._webhook()
        client = self.env["res.partner"].create(
            {"first_name": "ნიკა", "last_name": "კაპანაძე", "personal_number": "01001099999", "is_client": True}
        )
        self.env["res.partner"].create({"name": "Not a client"})
        request = self._request(partner_id=client.id)
        self.assertFalse(self.receiver.deliveries, "nothing is posted inside the user's transaction")
        self.assertFalse(self.Delivery.search([]), "queued when the transaction commits")
        self.assertEqual(
            self._deliver(),
            [
                ("client.created", {**self._data(client), "personal_number": "01001099999"}),
                ("request.created", self._data(request)),
            ],
        )
        self.assertTrue(
            all(d.verified for d in self.receiver.deliveries), [d.problem for d in self.receiver.deliveries]
        )

        self.receiver.deliveries.clear()
        request.priority = "2"
        request.user_id = self.agent
        request.priority = "3"
        events = self._deliver()
        self.assertEqual([event for event, _data in events], ["request.updated"], "three writes, one update")
        self.assertEqual((events[0][1]["priority"], events[0][1]["assignee_id"]), ("3", self.agent.id))

        self.receiver.deliveries.clear()
        request.with_user(self.agent).message_post(
            body="ვამოწმებთ", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(self._deliver(), [], "an internal note is not told")
        message = request.with_user(self.agent).message_post(
            body="ვამოწმებთ თქვენს მრიცხველს", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        events = self._deliver()
        self.assertEqual([event for event, _data in events], ["message.created"])
        self.assertEqual(events[0][1]["id"], message.id)
        self.assertEqual((events[0][1]["request_id"], events[0][1]["body"]), (request.id, "ვამოწმებთ თქვენს მრიცხველს"))

        self.receiver.deliveries.clear()
        service = self.env["telmico.service"].create(
            {"template_id": self.tpl_consult.id, "partner_id": client.id, "request_id": request.id}
        )
        service._close("done")
        events = self._deliver()
        self.assertEqual(Counter(event for event, _data in events)["service.done"], 1)
        self.assertEqual(next(data for event, data in events if event == "service.done")["id"], service.id)

        self.receiver.deliveries.clear()
        request.with_user(self.agent).action_resolve()
        events = Counter(event for event, _data in self._deliver())
        self.assertEqual((events["request.resolved"], events["request.updated"]), (1, 1))
        self.assertEqual(set(events) - {"request.resolved", "request.updated", "message.created"}, set())
        self.assertEqual(set(self.Delivery.search([]).mapped("state")), {"sent"})

    def _data(self, record):
        return json.loads(json.dumps(record._webhook_data()))

    def test_headers_of_a_delivery(self):
        webhook = self._webhook(events=["request.created"])
        request = self._request()
        self._deliver()
        [received] = self.receiver.deliveries
        delivery = self.Delivery.search([("webhook_id", "=", webhook.id)])
        self.assertEqual(received.headers["x-telmico-event"], "request.created")
        self.assertEqual(received.headers["x-telmico-delivery"], delivery.uuid)
        self.assertEqual(received.json()["id"], delivery.uuid)
        self.assertEqual(received.json()["data"]["number"], request.name)
        self.assertEqual((delivery.request_id, delivery.response_code), (request, 200))
        self.assertTrue(received.verified)
        self.receiver.secret = "another secret"
        self.assertEqual(self.receiver.verify(received.headers, received.body), "bad_signature")

    def test_rollback_queues_nothing(self):
        self._webhook()
        self.registry.enter_test_mode(self.env.cr)  # the user's call: a cursor of its own, in the test's transaction
        self.addCleanup(self.registry.leave_test_mode)
        with self.assertRaises(RuntimeError), self.env.registry.cursor() as cr:
            self.env(cr=cr)["telmico.request"].create(
                {"subject": "x", "partner_id": self.client.id, "state": "new", "team_id": self.team.id}
            )
            raise RuntimeError("the call fails after the request is created")
        self.assertEqual(self._deliver(), [])
        self.assertFalse(self.Delivery.search([]))
        with self.env.registry.cursor() as cr:  # the same call, committed
            self.env(cr=cr)["telmico.request"].create(
                {"subject": "x", "partner_id": self.client.id, "state": "new", "team_id": self.team.id}
            )
        self.assertEqual([event for event, _data in self._deliver()], ["request.created"])

    def test_team_webhook_gets_only_its_team(self):
        self._webhook(team_id=self.other_team.id)
        self._request()
        self.env["res.partner"].create({"name": "ახალი კლიენტი", "is_client": True})
        self.assertEqual(self._deliver(), [])
        self._request(team_id=self.other_team.id)
        self.assertEqual([event for event, _data in self._deliver()], ["request.created"])

    # ------------------------------------------------------------------ retries

    def test_retry_with_back_off_then_success(self):
        webhook = self._webhook(events=["request.created"])
        self.receiver.fail_next(1, 500)
        with freeze_time("2026-06-01 05:00:00"):
            self._request()
            self._deliver()
            delivery = self.Delivery.search([("webhook_id", "=", webhook.id)])
            self.assertEqual((delivery.state, delivery.attempts, delivery.response_code), ("pending", 1, 500))
            self.assertIn("HTTP 500", delivery.last_error)
            self.assertEqual(delivery.next_attempt_at, datetime(2026, 6, 1, 5, 2), "back-off: 2 minutes, then 4, 8, …")
            self.assertEqual(webhook.failure_count, 1)
            self.Delivery._cron_send()
            self.assertEqual(delivery.attempts, 1, "not before its time")
        self._due(delivery)
        self.Delivery._cron_send()
        self.assertEqual((delivery.state, delivery.attempts, delivery.response_code), ("sent", 2, 200))
        self.assertGreaterEqual(delivery.duration_ms, 0)
        self.assertEqual(webhook.failure_count, 0, "a success ends the series of failures")
        self.assertEqual(len(self.receiver.requests), 2)
        self.assertEqual({d.delivery_id for d in self.receiver.deliveries}, {delivery.uuid}, "the same delivery id")

    def test_timeout_and_no_answer_are_failures(self):
        webhook = self._webhook(events=["request.created"], timeout=1)
        self.receiver.drop_next(1)
        self._request()
        self._deliver()
        delivery = self.Delivery.search([("webhook_id", "=", webhook.id)])
        self.assertEqual((delivery.state, delivery.response_code, webhook.failure_count), ("pending", 0, 1))
        self.assertTrue(delivery.last_error)
        # Odoo's test runner raises HTTP timeouts under 10 s to 10 s: the receiver answers after 10.5 s
        self.receiver.delay = 10.5
        self._due(delivery)
        self.Delivery._cron_send()
        self.assertEqual((delivery.state, delivery.response_code, webhook.failure_count), ("pending", 0, 2))
        self.assertIn("timed out", delivery.last_error)
        self.assertGreaterEqual(delivery.duration_ms, 900)

    def test_disabled_after_consecutive_failures_and_admins_told(self):
        webhook = self._webhook(events=["request.created"], max_failures=3)
        self.receiver.fail_next(10, 500)
        for _i in range(4):
            self._request()
        self._commit()
        deliveries = self.Delivery.search([("webhook_id", "=", webhook.id)])
        self._deliver()
        self.assertEqual(len(self.receiver.requests), 3, "nothing is posted once it is disabled")
        self.assertFalse(webhook.active)
        self.assertEqual(webhook.failure_count, 3)
        self.assertEqual(set(deliveries.mapped("state")), {"failed"}, "its queue waits for the administrator")
        notice = webhook.message_ids.filtered(lambda m: "was disabled after 3" in (m.body or ""))
        self.assertIn(self.env.ref("base.user_admin").partner_id, notice.partner_ids)
        self._request()
        self._commit()
        self.assertEqual(len(self.Delivery.search([("webhook_id", "=", webhook.id)])), 4, "disabled: nothing queued")
        webhook.active = True
        self.assertEqual(webhook.failure_count, 0)
        self.receiver.clear_faults()
        deliveries.action_retry()
        self.Delivery._cron_send()
        self.assertEqual(set(deliveries.mapped("state")), {"sent"})

    def test_send_test_button(self):
        webhook = self._webhook(events=["request.created"])
        webhook.with_user(self.desk_admin).action_send_test()
        self.assertFalse(self.receiver.deliveries)
        self.Delivery._cron_send()
        [received] = self.receiver.deliveries
        self.assertEqual(received.event, "test")
        self.assertTrue(received.verified)
        self.assertIn("Personal cabinet", received.json()["data"]["message"])
        webhook.active = False
        with self.assertRaises(ValidationError):
            webhook.action_send_test()

    # -------------------------------------------------------------- chat kinds

    def test_chat_kinds_slack_teams_and_teams_workflows_card(self):
        events = ["request.created", "request.assigned"]
        for kind in ("slack", "teams", "teams_workflow"):
            self._webhook(
                events=events, kind=kind, name=kind, team_id=self.team.id, url=f"{self.receiver.url}/hooks/{kind}"
            )
        request = self._request()
        request.user_id = self.agent2
        self._deliver()
        by_path = {}
        for delivery in self.receiver.deliveries:
            by_path.setdefault(delivery.path, []).append(delivery.json())
        slack = by_path["/hooks/slack"]
        self.assertEqual(len(slack), 2)
        self.assertIn(request.name, slack[0]["text"])
        self.assertIn(self.agent2.name, slack[1]["text"])
        self.assertEqual(by_path["/hooks/teams"][0]["@type"], "MessageCard")
        card = by_path["/hooks/teams_workflow"][0]
        self.assertEqual(card["type"], "message")
        [attachment] = card["attachments"]
        self.assertEqual(attachment["contentType"], "application/vnd.microsoft.card.adaptive")
        content = attachment["content"]
        self.assertEqual((content["type"], content["version"]), ("AdaptiveCard", "1.4"))
        self.assertEqual(content["$schema"], "http://adaptivecards.io/schemas/adaptive-card.json")
        self.assertEqual(content["body"][0]["type"], "TextBlock")
        self.assertIn(request.name, content["body"][0]["text"])
        self.assertEqual(content["actions"][0]["type"], "Action.OpenUrl")
        self.assertTrue(content["actions"][0]["url"].endswith(f"/odoo/telmico.request/{request.id}"))

    def test_sla_breach_in_the_team_chat(self):
        self._webhook(events=["request.sla_breach"], kind="slack", team_id=self.team.id)
        self.env["telmico.desk.sla"].create(
            {"name": "Two hours", "sequence": 0, "response_hours": 2, "resolution_hours": 4, "warning_hours": 1}
        )
        with freeze_time("2026-06-01 05:00:00"):
            request = self._request(user_id=self.agent.id)
        with freeze_time("2026-06-01 07:10:00"):
            self.env["telmico.request"]._cron_sla_check()
        self._deliver()
        [received] = self.receiver.deliveries
        self.assertEqual(received.event, "request.sla_breach")
        self.assertIn(f"SLA breached on {request.name}", received.json()["text"])

    def test_delivered_ones_are_purged_after_30_days(self):
        self._webhook(events=["request.created"])
        with freeze_time("2026-06-01 05:00:00"):
            self._request()
            self._deliver()
            self.receiver.fail_next(1, 500)
            self._request()
            self._deliver()
        delivered, failing = self.Delivery.search([], order="id")
        self.assertEqual((delivered.state, failing.state), ("sent", "pending"))
        with freeze_time("2026-06-20 05:00:00"):
            self.assertEqual(self.Delivery._gc_sent(), 0, "kept for a month")
        with freeze_time("2026-07-02 05:00:00"):
            self.assertEqual(self.Delivery._gc_sent(), 1)
        self.assertFalse(delivered.exists())
        self.assertTrue(failing.exists(), "undelivered ones wait for the administrator")

    # ------------------------------------------------------------- settings

    def test_url_must_be_https(self):
        with self.assertRaises(ValidationError):
            self._webhook(url="http://hooks.example.com/abc")
        with self.assertRaises(ValidationError):
            self._webhook(url="ftp://hooks.example.com/abc")
        self._webhook(url="https://hooks.slack.com/services/T0/B0/X")

    def test_rights(self):
        webhook = self._webhook().with_user(self.desk_admin)
        webhook.name = "Cabinet"  # the Desk's administrators configure webhooks
        self.assertEqual(
            webhook.team_id.browse(self.team.id).with_user(self.desk_admin).webhook_ids, self.env["telmico.webhook"]
        )
        with self.assertRaises(AccessError):  # the signing secret is for system administrators only
            webhook.read(["secret"])
        with self.assertRaises(AccessError):
            self.env["telmico.webhook"].with_user(self.agent).search([])
        with self.assertRaises(AccessError):
            self.Delivery.with_user(self.agent).search([])

    # ------------------------------------------------------------ migration

    def test_team_chats_of_the_previous_version_become_webhooks(self):
        cr = self.env.cr
        cr.execute(
            SQL(
                "ALTER TABLE telmico_desk_team ADD COLUMN webhook_url varchar, ADD COLUMN webhook_kind varchar,"
                " ADD COLUMN webhook_on_new boolean, ADD COLUMN webhook_on_assign boolean,"
                " ADD COLUMN webhook_on_sla_breach boolean;"
                " CREATE TABLE telmico_desk_webhook_message (id serial, team_id int, request_id int, event varchar,"
                " text text, payload jsonb, state varchar, attempts int, next_attempt_at timestamp,"
                " last_error text, sent_at timestamp, create_date timestamp)"
            )
        )
        request = self._request()
        cr.execute(
            SQL(
                "UPDATE telmico_desk_team SET webhook_url = %s, webhook_kind = 'teams', webhook_on_new = true,"
                " webhook_on_assign = false, webhook_on_sla_breach = true WHERE id = %s",
                f"{self.receiver.url}/hooks/old",
                self.team.id,
            )
        )
        cr.execute(
            SQL(
                "INSERT INTO telmico_desk_webhook_message (team_id, request_id, event, text, payload, state, attempts,"
                " next_attempt_at, last_error, create_date) VALUES (%s, %s, 'new', 'New request', %s, 'pending', 2,"
                " '2026-01-01', 'HTTP 500', '2025-12-31')",
                self.team.id,
                request.id,
                json.dumps({"@type": "MessageCard", "text": "New request"}),
            )
        )
        [webhook] = self.env["telmico.webhook"]._migrate_team_chats()
        self.assertEqual(
            (webhook.kind, webhook.team_id, webhook.url), ("teams", self.team, f"{self.receiver.url}/hooks/old")
        )
        self.assertEqual(sorted(webhook.event_ids.mapped("code")), ["request.created", "request.sla_breach"])
        delivery = webhook.delivery_ids
        self.assertEqual((delivery.event, delivery.state, delivery.attempts), ("request.created", "pending", 2))
        self.assertEqual((delivery.request_id, delivery.last_error), (request, "HTTP 500"))
        self.assertEqual(delivery.create_date, datetime(2025, 12, 31))
        self.Delivery._cron_send()
        self.assertEqual(delivery.state, "sent", "the old queue goes on")
        self.assertEqual(self.receiver.deliveries[0].json(), {"@type": "MessageCard", "text": "New request"})
        cr.execute(
            SQL(
                "SELECT 1 FROM information_schema.columns WHERE table_name = 'telmico_desk_team' AND column_name = 'webhook_url'"
            )
        )
        self.assertFalse(cr.fetchall(), "the old columns are dropped")
