from datetime import datetime

from freezegun import freeze_time

from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import DeskCase


@tagged("post_install", "-at_install")
class TestRequestRegistration(DeskCase):
    def test_registration_with_two_services_and_timer(self):
        """The flow: find the client, add two services, fill them, register; the timer runs from opening to registering."""
        with freeze_time("2026-11-23 09:00:00"):
            form = Form(self.env["telmico.request"].with_user(self.agent))
            self.assertEqual(form.state, "draft")
            form.client_query = "599123456"
            self.assertEqual(len(form.client_match_ids), 1, "the phone finds exactly the client")
            self.assertEqual(form.partner_id, self.client, "a single match is chosen at once")
            self.assertEqual(form.subscriber_ids[:], self.subscriber, "the only subscriber comes along")
            with form.service_ids.new() as service:
                service.template_id = self.tpl_consult
            with form.service_ids.new() as service:
                service.template_id = self.tpl_receipt
            request = form.save()
        self.assertEqual(request.handling_start, datetime(2026, 11, 23, 9, 0, 0))
        self.assertEqual(len(request.service_ids), 2)
        self.assertTrue(all(s.partner_id == self.client for s in request.service_ids))
        with self.assertRaisesRegex(ValidationError, "required field"), self.cr.savepoint():
            request.action_register()
        request.service_ids.value_ids.filtered(lambda v: v.key == "question").value_input = "რა ღირს კვტ/სთ?"
        request.service_ids.value_ids.filtered(lambda v: v.key == "month").value_input = "ოქტომბერი"
        with freeze_time("2026-11-23 09:04:30"):
            request.action_register()
        self.assertRegex(request.name, r"^REQ-2026-\d{6}$")
        self.assertEqual(request.handling_end, datetime(2026, 11, 23, 9, 4, 30))
        self.assertEqual(request.handling_minutes, 4.5)
        self.assertEqual(request.user_id, self.agent, "the operator who registered handles it")
        self.assertTrue(all(s.state == "closed" for s in request.service_ids), "simple services are done at once")
        self.assertEqual(request.state, "resolved", "all its services were done at the desk")
        self.assertEqual(request.subject, "ტარიფის კონსულტაცია, ქვითრის ამობეჭდვა")
        self.assertIn(self.client.id, request.message_partner_ids.ids)

    def test_registration_needs_a_client(self):
        request = self._draft_request(subject="ზარი")
        with self.assertRaisesRegex(ValidationError, "client"):
            request.action_register()
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.name, "New", "a failed registration does not consume a number")

    def test_client_matches_and_choice(self):
        other = self.env["res.partner"].create({"name": "გიორგი ბერიძე", "mobile": "577 00 00 01"})
        form = Form(self.env["telmico.request"].with_user(self.agent))
        form.client_query = "გიორგი ბერიძე"
        self.assertEqual(len(form.client_match_ids), 2)
        self.assertFalse(form.partner_id, "two clients found: the operator chooses")
        request = form.save()
        match = request.client_match_ids.filtered(lambda m: m.partner_id == other)
        self.assertEqual(match.subscriber_numbers or "", "")
        match.action_select()
        self.assertEqual(request.partner_id, other)
        card = request.client_match_ids.filtered(lambda m: m.partner_id == self.client).action_open_card()
        self.assertEqual((card["res_id"], card["target"]), (self.client.id, "new"))
        request.subject = "კონსულტაცია"
        request.action_register()
        self.assertFalse(request.client_match_ids, "the search results are not kept after registration")

    def test_choose_a_found_client_on_the_unsaved_form(self):
        """Choose on a row of an unsaved registration: the client is taken at once and the table collapses."""
        other = self.env["res.partner"].create({"name": "ნანა ბერიძე", "mobile": "577 00 00 02"})
        form = Form(self.env["telmico.request"].with_user(self.agent))
        form.client_query = "ბერიძე"
        self.assertEqual(len(form.client_match_ids), 2)
        self.assertFalse(form.partner_id)
        index = next(i for i in range(2) if form.client_match_ids._records[i]["partner_id"] == self.client.id)
        with form.client_match_ids.edit(index) as line:
            line.chosen = True
        self.assertEqual(form.partner_id, self.client, "chosen without saving the request")
        self.assertEqual(form.subscriber_ids[:], self.subscriber, "with the client's subscriber")
        self.assertFalse(form.client_match_ids, "the table collapses once the client is chosen")
        self.assertFalse(form.client_match_count)
        form.subject = "კონსულტაცია"
        request = form.save()
        self.assertEqual(request.partner_id, self.client)
        self.assertNotEqual(request.partner_id, other)

    def test_matches_count_show_more(self):
        """A common surname finds more clients than shown: the count says so, and Show more loads the next ones."""
        self.env["res.partner"].create([{"name": f"ბერიძე {index:02d}"} for index in range(25)])
        form = Form(self.env["telmico.request"].with_user(self.agent))
        form.client_query = "ბერიძე"
        self.assertEqual(len(form.client_match_ids), 20)
        self.assertEqual(form.client_match_count, 26, "the 25 and გიორგი ბერიძე")
        form.client_match_limit = 40
        self.assertEqual(len(form.client_match_ids), 26, "Show more lists the rest")
        form.client_query = "ბერიძე 01"
        self.assertEqual(form.client_match_limit, 20, "a new search starts again with 20")
        self.assertEqual((len(form.client_match_ids), form.client_match_count), (1, 1), "every word starts a word")

    def test_exact_identifier_hits_first(self):
        """A subscriber number typed in full is an exact hit, marked (the client search no longer looks into
        meter numbers once a subscriber has the number); a phone likewise, listed first."""
        meter_sub = mirror_subscribers(self.env, (5, {"number": "2000000077", "meters": ["92000000001"]}))
        by_meter = self.env["res.partner"].create({"name": "ააა მრიცხველი"})  # first in alphabetical order
        link_client(self.env, by_meter, meter_sub)
        form = Form(self.env["telmico.request"].with_user(self.agent))
        form.client_query = "2000000001"
        rows = form.client_match_ids._records
        self.assertEqual([row["partner_id"] for row in rows], [self.client.id])
        self.assertEqual([row["exact"] for row in rows], [True], "the exact hit is marked")
        # a family sharing the phone: both are exact hits
        by_meter.mobile = "599 12 34 56"
        form.client_query = "599 12 34 56"
        rows = form.client_match_ids._records
        self.assertEqual(len(rows), 2)
        self.assertTrue(all(row["exact"] for row in rows), "a phone typed in full is an exact hit")
        self.assertEqual(self.env["telmico.request"]._client_exact_domain("ბერიძე"), [], "a name is no identifier")

    def test_subscriber_must_belong_to_client(self):
        with self.assertRaisesRegex(ValidationError, "2000000002"):
            self._draft_request(partner_id=self.client.id, subscriber_ids=[Command.set(self.subscriber2.ids)])

    def test_outgoing_email_and_sms(self):
        request = self._draft_request(
            direction="outgoing",
            outgoing_kind="email",
            partner_id=self.client.id,
            subject="დავალიანების შეხსენება",
            outgoing_body="გთხოვთ, დაფაროთ დავალიანება.",
        )
        with self.mock_mail_gateway():
            request.action_register()
        self.assertSentEmail(self.agent.partner_id, [self.client], subject="დავალიანების შეხსენება")
        sms_request = self._draft_request(
            direction="outgoing",
            outgoing_kind="sms",
            partner_id=self.client.id,
            subject="SMS შეხსენება",
            outgoing_body="გადახდის ვადა იწურება",
        )
        sms_request.action_register()
        sms = self.env["sms.sms"].sudo().search([("partner_id", "=", self.client.id)])
        self.assertEqual(sms.body, "გადახდის ვადა იწურება")
        self.assertEqual(sms.number, "+995599123456")

    def test_outgoing_email_needs_an_address(self):
        client = self.env["res.partner"].create({"name": "უმისამართო კლიენტი"})
        request = self._draft_request(
            direction="outgoing", outgoing_kind="email", partner_id=client.id, subject="წერილი", outgoing_body="ტექსტი"
        )
        with self.assertRaisesRegex(ValidationError, "e-mail"):
            request.action_register()

    def test_outgoing_call_is_logged(self):
        request = self._draft_request(
            direction="outgoing", outgoing_kind="call", partner_id=self.client.id, subject="გადმორეკვა"
        )
        request.action_register()
        self.assertIn("Call", request.message_ids[:5].mapped("body")[0] if request.message_ids else "")

    def test_interrupted_registration_kept_and_listed(self):
        request = self._draft_request(partner_id=self.client.id, subject="შეწყვეტილი ზარი")
        fresh = self._draft_request(partner_id=self.client.id, subject="ახლა ვარეგისტრირებ")
        self.env.flush_all()
        # the database stamps write_date itself: age the abandoned registration there
        self.env.cr.execute(
            "UPDATE telmico_request SET write_date = now() - interval '45 minutes' WHERE id = %s", [request.id]
        )
        self.env.invalidate_all()
        self.assertEqual(self.env["telmico.request"]._cron_mark_interrupted(), 1)
        self.assertTrue(request.interrupted)
        self.assertFalse(fresh.interrupted, "a registration being typed is not interrupted")
        request.action_resume()
        self.assertFalse(request.interrupted)
        explicit = self._draft_request(partner_id=self.client.id, subject="გაწყდა")
        action = explicit.action_interrupt()
        self.assertTrue(explicit.interrupted)
        self.assertEqual(action["tag"], "telmico_desk.desk")

    def test_new_request_from_client_card(self):
        action = self.client.with_user(self.agent).action_new_request()
        self.assertEqual(action["res_model"], "telmico.request")
        self.assertEqual(action["context"]["default_partner_id"], self.client.id)
        self.assertEqual(action["context"]["default_subscriber_ids"], self.subscriber.ids)


@tagged("post_install", "-at_install")
class TestRequestLifecycle(DeskCase):
    def _registered(self, **values):
        request = self._draft_request(partner_id=self.client.id, subject="შუქი არ არის", **values)
        request.action_register()
        return request

    def test_status_flow_and_reopen(self):
        request = self._registered()
        self.assertEqual(request.state, "in_progress")
        request.action_pending()
        self.assertEqual(request.state, "pending")
        request.action_resume()
        request.action_resolve()
        self.assertEqual(request.state, "resolved")
        self.assertTrue(request.date_resolved)
        request.action_close()
        request.action_reopen()
        self.assertEqual((request.state, request.reopen_count), ("in_progress", 1))
        with self.assertRaisesRegex(UserError, "still open"):
            request.action_reopen()
        with self.assertRaisesRegex(UserError, "cannot go from"):
            request.write({"state": "draft"})

    def test_resolve_waits_for_services(self):
        department = self.env["telmico.service.department"].create({"name": "აღრიცხვა"})
        complex_tpl = self.env["telmico.service.template"].create(
            {
                "name": "მრიცხველის შემოწმება",
                "kind": "complex",
                "stage_ids": [Command.create({"name": "შემოწმება", "department_id": department.id})],
            }
        )
        request = self._draft_request(
            partner_id=self.client.id,
            service_ids=[Command.create({"template_id": complex_tpl.id, "partner_id": self.client.id})],
        )
        request.action_register()
        self.assertEqual(request.service_ids.state, "in_progress")
        self.assertEqual(request.state, "in_progress")
        with self.assertRaisesRegex(UserError, "not finished"):
            request.action_resolve()
        request.action_cancel()
        self.assertEqual(request.service_ids.state, "cancelled")

    def test_resolution_sends_rating_request(self):
        request = self._registered()
        Trigger = self.env["ir.cron.trigger"].sudo()
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        triggers_before = Trigger.search([("cron_id", "=", queue.id)])
        with self.mock_mail_gateway():
            request.action_resolve()
            self.assertTrue(
                Trigger.search([("cron_id", "=", queue.id)]) - triggers_before,
                "the mail queue is told to send it now, not at its next hourly run",
            )
            self.env["mail.mail"].sudo().search([("model", "=", "telmico.request"), ("res_id", "=", request.id)]).send()
        self.assertTrue(request.rating_ids, "a rating is waiting for the client")
        token = request.rating_ids[0].access_token
        rating_mails = [mail for mail in self._mails if f"/rate/{token}/5" in mail["body"]]
        self.assertEqual(len(rating_mails), 1)
        self.assertIn(self.client.email, rating_mails[0]["email_to"][0])
        request.rating_apply(5, token=token, feedback="მადლობა")
        self.assertEqual(request.rating_last_value, 5)

    def test_reassignment_with_reason(self):
        request = self._registered()
        wizard = (
            self.env["telmico.request.reassign"]
            .with_user(self.agent)
            .with_context(active_model="telmico.request", active_ids=request.ids)
            .create({"user_id": self.agent2.id, "reason": "კლიენტი ითხოვს ქალ ოპერატორს"})
        )
        wizard.action_reassign()
        self.assertEqual(request.user_id, self.agent2)
        note = request.message_ids[0]
        self.assertIn("კლიენტი ითხოვს", note.body)
        self.assertIn(self.agent.name, note.body)
        with self.assertRaisesRegex(UserError, "team or the agent"):
            self.env["telmico.request.reassign"].create(
                {"request_ids": [Command.set(request.ids)], "reason": "x"}
            ).action_reassign()
        # to another team: the agent who is not in it gives the request up
        self.env["telmico.request.reassign"].create(
            {"request_ids": [Command.set(request.ids)], "team_id": self.other_team.id, "reason": "იურიდიული საკითხი"}
        ).action_reassign()
        self.assertEqual((request.team_id, request.user_id.id), (self.other_team, False))

    def test_mass_update(self):
        first, second = self._registered(), self._registered()
        tag = self.env["telmico.request.tag"].create({"name": "ავარია"})
        self.env["telmico.request.mass.update"].create(
            {
                "request_ids": [Command.set((first | second).ids)],
                "state": "pending",
                "priority": "3",
                "tag_ids": [Command.set(tag.ids)],
            }
        ).action_apply()
        self.assertEqual(set((first | second).mapped("state")), {"pending"})
        self.assertEqual(set((first | second).mapped("priority")), {"3"})
        self.assertEqual((first | second).tag_ids, tag)

    def test_mass_update_to_in_progress_keeps_the_agents(self):
        """Changing the status of many requests changes their status only: each keeps its agent."""
        waiting = self._registered(user_id=self.agent2.id)
        waiting.action_pending()
        unassigned = self._request()
        resolved = self._registered()
        resolved.action_resolve()
        requests = waiting | unassigned | resolved
        agents = [(r, r.user_id) for r in requests]
        self.env["telmico.request.mass.update"].with_user(self.leader).create(
            {"request_ids": [Command.set(requests.ids)], "state": "in_progress"}
        ).action_apply()
        self.assertEqual([(r, r.user_id) for r in requests], agents, "nobody is assigned to who clicked")
        self.assertFalse(unassigned.user_id)
        self.assertEqual(set(requests.mapped("state")), {"in_progress"})
        self.assertEqual(resolved.reopen_count, 1, "a resolved request is reopened")

    def test_display_name_follows_the_number(self):
        request = self._registered()
        self.assertEqual(request.display_name, f"{request.name} შუქი არ არის")
        request.name = "REQ/2026/000042"
        self.assertEqual(request.display_name, "REQ/2026/000042 შუქი არ არის", "the number is part of the name")

    def test_registered_request_cannot_be_deleted(self):
        request = self._registered()
        with self.assertRaisesRegex(UserError, "history"):
            request.unlink()
        self._draft_request(subject="ცარიელი").unlink()
