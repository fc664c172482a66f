from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.addons.telmico_desk.models.telmico_request import TelmicoRequest
from odoo.tests import tagged
from odoo.tools import format_amount

from .common import DeskCase
from .test_mail_gateway import MAIL_PLAIN


@tagged("post_install", "-at_install")
class TestAutomation(DeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support = f"support@{cls.alias_domain}"
        cls.auto_close = cls.env.ref("telmico_desk.telmico_request_automation_auto_close")
        cls.client_reply = cls.env.ref("telmico_desk.telmico_request_automation_client_reply")

    def _mail(self, subject, email_from=None, extra=""):
        return self.format_and_process(
            MAIL_PLAIN,
            email_from or self.client.email,
            self.support,
            subject=subject,
            target_model="telmico.request",
            target_field="subject",
            extra=extra,
        )

    def _resolved(self, subject):
        request = self._mail(subject)
        request.with_user(self.agent).action_take()
        request.with_user(self.agent).action_resolve()
        return request

    def _reply(self, request, email_from=None):
        message_id = request.message_ids.filtered(lambda m: m.message_type == "email")[-1].message_id
        self._mail(f"Re: {request.subject}", email_from=email_from, extra=f"In-Reply-To: {message_id}")

    # ------------------------------------------------------------ auto-close

    def test_resolved_request_closes_after_the_delay_without_reply(self):
        self.assertEqual((self.auto_close.trg_date_range, self.auto_close.trg_date_range_type), (7, "day"))
        now = fields.Datetime.now()
        request = self._resolved("ქვითარი")
        answered = self._resolved("მრიცხველი")
        self._reply(answered)
        with freeze_time(now + timedelta(days=3)):
            self.env["base.automation"]._check()
        self.assertEqual(request.state, "resolved", "the client may still answer")
        with freeze_time(now + timedelta(days=8)):
            self.env["base.automation"]._check()
        self.assertEqual(request.state, "closed")
        self.assertTrue(request.date_closed)
        self.assertEqual(answered.state, "in_progress", "the client answered: it is worked on again, not closed")

    def test_urgent_request_without_answer_goes_to_the_leader(self):
        now = fields.Datetime.now()
        urgent = self._mail("შუქი არ არის მთელ ქუჩაზე")
        urgent.priority = "3"
        answered = self._mail("ავარია ვაკეში")
        answered.priority = "3"
        answered.with_user(self.agent).message_post(
            body="ბრიგადა გზაშია", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(answered.date_first_response)
        with freeze_time(now + timedelta(minutes=10)):
            self.env["base.automation"]._check()
        self.assertFalse(urgent.activity_ids, "too early")
        with freeze_time(now + timedelta(minutes=45)):
            self.env["base.automation"]._check()
        self.assertEqual(urgent.activity_ids.user_id, self.leader)
        self.assertIn(self.leader.partner_id, urgent.message_partner_ids)
        self.assertFalse(answered.activity_ids.filtered(lambda a: a.user_id == self.leader), "it was answered")

    def test_auto_close_delay_is_set_on_the_rule(self):
        self.auto_close.trg_date_range = 2
        now = fields.Datetime.now()
        request = self._resolved("ქვითარი")
        with freeze_time(now + timedelta(days=3)):
            self.env["base.automation"]._check()
        self.assertEqual(request.state, "closed")

    # ------------------------------------------------------------ client's reply

    def test_client_reply_reopens_resolved_and_closed_requests(self):
        resolved = self._resolved("ისევ პრობლემა")
        self._reply(resolved)
        self.assertEqual((resolved.state, resolved.reopen_count), ("in_progress", 1))
        closed = self._resolved("დახურული")
        closed.action_close()
        self._reply(closed)
        self.assertEqual((closed.state, closed.reopen_count), ("in_progress", 1))

    def test_client_reply_ends_the_wait(self):
        request = self._mail("მოლოდინი")
        request.with_user(self.agent).action_take()
        request.with_user(self.agent).action_pending()
        self._reply(request)
        self.assertEqual(request.state, "in_progress")

    def test_client_reply_rule_runs_only_where_a_reply_changes_something(self):
        """New mails and replies to open requests (most of the mail gateway's work) do not run the rule at all."""
        handle = TelmicoRequest._handle_client_reply
        with patch.object(TelmicoRequest, "_handle_client_reply", autospec=True, side_effect=handle) as handled:
            request = self._mail("ახალი")
            request.with_user(self.agent).action_take()
            self._reply(request)
            self.assertEqual(request.state, "in_progress")
            self.assertFalse(handled.called, "a new request, an answer to one in progress")
            request.with_user(self.agent).action_pending()
            self._reply(request)
        self.assertEqual(handled.call_count, 1)
        self.assertEqual(request.state, "in_progress", "the wait is over")

    def test_rule_read_once_and_its_changes_apply_at_once(self):
        """What Odoo reads of a rule for each message (its precondition, model and name) is kept in the registry's
        cache: a reply the rule does not apply to reads no rule; a change of the rule applies to the next message."""
        request = self._mail("წესი")
        request.with_user(self.agent).action_take()
        self._reply(request)
        self.env.flush_all()
        self.env.invalidate_all()
        Rule = self.env["base.automation"]
        with patch.object(type(Rule), "_fetch_query", autospec=True, side_effect=type(Rule)._fetch_query) as fetch:
            self._reply(request)
        self.assertFalse(
            [call for call in fetch.call_args_list if call.args[0]._name == "base.automation"], "no rule read"
        )
        # the rule now also applies to requests in progress: the client's reply runs it (no restart)
        self.client_reply.filter_pre_domain = "[('state', 'in', ('in_progress', 'pending', 'resolved', 'closed'))]"
        handle = TelmicoRequest._handle_client_reply
        with patch.object(TelmicoRequest, "_handle_client_reply", autospec=True, side_effect=handle) as handled:
            self._reply(request)
        self.assertEqual(handled.call_count, 1)
        # its name edited in another language (the translation dialog writes no record) is read in that language
        self.env["res.lang"]._activate_lang("ka_GE")
        self.client_reply.update_field_translations("name", {"ka_GE": "კლიენტის პასუხი"})
        rules = Rule.with_context(lang="ka_GE")._get_actions(request, ["on_message_received"])
        self.assertEqual(rules.name, "კლიენტის პასუხი")

    def test_reply_of_someone_else_or_a_note_changes_nothing(self):
        request = self._resolved("სხვისი პასუხი")
        self._reply(request, email_from="nana.kapanadze@example.ge")
        self.assertEqual(request.state, "resolved", "only the client's answer reopens")
        request.with_user(self.agent).message_post(body="შიდა შენიშვნა", subtype_xmlid="mail.mt_note")
        self.assertEqual(request.state, "resolved")

    def test_portal_message_of_the_client_reopens(self):
        request = self._resolved("პორტალი")
        request.message_post(
            body="ისევ არ მუშაობს", author_id=self.client.id, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(request.state, "in_progress")

    def test_rule_switched_off_no_reopening(self):
        self.client_reply.active = False
        request = self._resolved("გამორთული წესი")
        self._reply(request)
        self.assertEqual(request.state, "resolved", "the automation rule is the only mechanism")

    def test_rules_changed_apply_to_the_next_mail(self):
        """The rules of requests are kept between mails (models/base_automation.py): a rule added or switched off
        applies to the very next mail."""
        # Odoo patches the models of active rules when a rule changes (a rule switched off by another test of this
        # class stays unpatched after its rollback): patched again here
        self.client_reply.active = True
        request = self._resolved("წესები")
        self._reply(request)  # the rules of requests are looked up, and kept
        self.assertEqual(request.state, "in_progress")
        rule = self.env["base.automation"].create(
            {
                "name": "Urgent on any client message",
                "model_id": self.env["ir.model"]._get_id("telmico.request"),
                "trigger": "on_message_received",
            }
        )
        self.env["ir.actions.server"].create(
            {
                "name": "Urgent",
                "model_id": rule.model_id.id,
                "base_automation_id": rule.id,
                "usage": "base_automation",
                "state": "code",
                "code": "records.write({'priority': '3'})",
            }
        )
        request.with_user(self.agent).action_resolve()
        self._reply(request)
        self.assertEqual((request.state, request.priority), ("in_progress", "3"), "the rule added runs too")
        self.client_reply.active = False
        request.write({"priority": "1"})
        request.with_user(self.agent).action_resolve()
        self._reply(request)
        self.assertEqual((request.state, request.priority), ("resolved", "3"), "only the rule still on runs")

    # ------------------------------------------------------------ reply templates

    def test_reply_templates_render_client_number_subscriber_and_debt(self):
        self.subscriber.sudo().with_context(telmico_billing_sync=True).debt = 123.45
        request = self._arrive_with_subscriber()
        template = self.env.ref("telmico_desk.mail_template_reply_debt_reminder")
        body = template._render_field("body_html", request.ids)[request.id]
        debt = format_amount(self.env, 123.45, self.client.client_currency_id)
        for expected in (self.client.name, request.name, "2000000001", debt):
            self.assertIn(expected, body)
        self.assertEqual(
            template._render_field("subject", request.ids)[request.id], f"{request.name}: დავალიანების შეხსენება"
        )
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.agent)
            .with_context(default_model="telmico.request", default_res_ids=request.ids)
            .create({"template_id": template.id})
        )
        self.assertIn("123.45", composer.body, "the agent's composer fills the template in")
        for xmlid in (
            "mail_template_reply_received",
            "mail_template_reply_meter_check",
            "mail_template_reply_resolved",
        ):
            body = self.env.ref(f"telmico_desk.{xmlid}")._render_field("body_html", request.ids)[request.id]
            self.assertIn(self.client.name, body)
            self.assertIn(request.name, body)

    def _arrive_with_subscriber(self):
        return self.env["telmico.request"].create(
            {
                "channel": "phone",
                "state": "new",
                "subject": "ვალი",
                "partner_id": self.client.id,
                "subscriber_ids": [(6, 0, self.subscriber.ids)],
                "user_id": self.agent.id,
            }
        )
