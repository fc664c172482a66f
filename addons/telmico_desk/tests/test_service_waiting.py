import base64
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import DeskCase
from .test_mail_gateway import MAIL_PLAIN


class WaitingMixin:
    """A complex service of a registered request, executed by a back-office clerk who asks the client."""

    @classmethod
    def _setup_waiting(cls, client):
        cls.clerk = mail_new_test_user(
            cls.env, login="desk_waiting_clerk", groups="telmico_service_mgmt.group_service_mgmt_user", name="ლევან"
        )
        department = cls.env["telmico.service.department"].create(
            {"name": "დარიცხვები", "member_ids": [Command.set([cls.clerk.id])], "assignment_method": "round_robin"}
        )
        cls.template = cls.env["telmico.service.template"].create(
            {
                "name": "თანხის გადატანა",
                "kind": "complex",
                "notify_client": False,
                "stage_ids": [
                    Command.create({"name": "შესრულება", "department_id": department.id, "deadline_hours": 16})
                ],
            }
        )
        cls.waiting_client = client

    def _registered_request(self):
        request = self.env["telmico.request"].create(
            {"subject": "თანხის გადატანა", "partner_id": self.waiting_client.id, "channel": "phone"}
        )
        self.env["telmico.service"].create(
            {"template_id": self.template.id, "partner_id": self.waiting_client.id, "request_id": request.id}
        )
        request.action_register()
        self.assertEqual((request.service_ids.state, request.service_ids.user_id), ("in_progress", self.clerk))
        return request, request.service_ids

    def _ask(self, service, question, channel=None):
        action = service.with_user(self.clerk).action_ask_client()
        wizard = Form(self.env[action["res_model"]].with_user(self.clerk).with_context(**action["context"]))
        if channel:
            wizard.channel = channel
        wizard.question = question
        wizard.save().action_send()


@tagged("post_install", "-at_install")
class TestWaitingThroughTheRequest(DeskCase, WaitingMixin):
    """The question in the personal cabinet: the client's answer on the request, by e-mail or in the cabinet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client.preferred_channel = "portal"
        cls._setup_waiting(cls.client)

    def test_question_in_the_cabinet_answered_by_mail(self):
        with freeze_time("2026-11-24 05:00:00"):  # Tuesday 09:00 Tbilisi: the stage ends Wednesday 18:00
            request, service = self._registered_request()
        self.assertEqual(service.date_deadline, datetime(2026, 11, 25, 14, 0))
        with freeze_time("2026-11-24 06:00:00"):  # Tuesday 10:00
            action = service.with_user(self.clerk).action_ask_client()
            self.assertEqual(action["context"]["default_channel"], "portal", "the client's preferred channel")
            self._ask(service, "გთხოვთ, ატვირთოთ გადახდის ქვითარი.")
        self.assertEqual(service.state, "waiting")
        self.assertTrue(request.service_waiting, "every message on the request checks it")
        question = request.message_ids.filtered(lambda m: "ატვირთოთ გადახდის ქვითარი" in (m.body or ""))
        self.assertEqual(len(question), 1, "the question is in the request's conversation")
        self.assertEqual(question.author_id, self.clerk.partner_id)
        self.assertEqual(question.subtype_id, self.env.ref("mail.mt_comment"), "public: the cabinet shows it")
        self.assertIn(self.client, question.partner_ids, "and the client is told")
        # Wednesday 10:00 Tbilisi: the client answers the notification by e-mail; it threads into the request
        with freeze_time("2026-11-25 06:00:00"):
            self.format_and_process(
                MAIL_PLAIN,
                self.client.email,
                f"{self.alias_catchall}@{self.alias_domain}",
                subject="Re: თანხის გადატანა",
                extra=f"In-Reply-To: {question.message_id}\nReferences: {question.message_id}",
                target_model="telmico.request",
                target_field="subject",
            )
        self.assertEqual(service.state, "in_progress")
        self.assertFalse(request.service_waiting)
        # waited Tuesday 10-18 (7h) and Wednesday 9-10 (1h): the deadline moves from Wednesday 18:00 to Thursday 18:00
        self.assertAlmostEqual(service.waited_hours, 8.0)
        self.assertEqual(service.date_deadline, datetime(2026, 11, 26, 14, 0))
        self.assertIn("ოქტომბრის ქვითარი", service.client_answer)
        note = service.message_ids.filtered(lambda m: "ოქტომბრის ქვითარი" in (m.body or ""))
        self.assertEqual(len(note), 1, "the answer is attached to the service")

    def test_answer_with_a_file_in_the_cabinet_resumes_only_waiting_services(self):
        request, service = self._registered_request()
        self._ask(service, "გთხოვთ, ატვირთოთ ქვითარი.")
        portal_user = mail_new_test_user(self.env, login="desk_waiting_portal", groups="base.group_portal")
        portal_user.partner_id = self.client  # the client's own cabinet account
        # uploaded in the cabinet's composer: the customer's own pending attachment
        receipt = (
            self.env["ir.attachment"]
            .with_user(portal_user)
            .sudo()
            .create(
                {"name": "qvitari.pdf", "raw": b"%PDF-1.4 qvitari", "res_model": "mail.compose.message", "res_id": 0}
            )
        )
        request.with_user(portal_user).message_post(
            body="ქვითარი თან ერთვის.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=receipt.ids,
        )
        self.assertEqual(service.state, "in_progress")
        copied = service.message_ids.attachment_ids
        self.assertEqual(copied.mapped("name"), ["qvitari.pdf"])
        self.assertEqual((copied.res_model, copied.res_id), ("telmico.service", service.id), "a copy on the service")
        self.assertEqual(base64.b64decode(copied.datas), b"%PDF-1.4 qvitari")
        # an agent's note or another person's message is no answer
        self._ask(service, "კიდევ ერთი კითხვა")
        request.message_post(body="შიდა შენიშვნა", message_type="comment", subtype_xmlid="mail.mt_note")
        request.with_user(self.agent).message_post(
            body="ვუცდით", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(service.state, "waiting")

    def test_no_cabinet_question_without_a_request(self):
        service = self.env["telmico.service"].create({"template_id": self.template.id, "partner_id": self.client.id})
        service.action_register()
        action = service.with_user(self.clerk).action_ask_client()
        self.assertEqual(action["context"]["default_channel"], "email", "no request to show it on")
        with self.assertRaisesRegex(Exception, "personal cabinet"):
            self._ask(service, "?", channel="portal")
        self.assertEqual(service.state, "in_progress")

    def test_waiting_service_keeps_the_request_open_and_the_desk_shows_it_paused(self):
        request, service = self._registered_request()
        self._ask(service, "რომელ აბონენტზე?", channel="email")
        with self.assertRaisesRegex(Exception, "not finished"):
            request.action_resolve()
        block = self.desk(self.clerk)["my_services"]
        self.assertEqual(block["items"][0]["badge"], "Paused: waiting for the client")


@tagged("post_install", "-at_install")
class TestWaitingPortalPage(HttpCase, WaitingMixin):
    """The client sees the question in the personal cabinet and answers it there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.customer = new_test_user(cls.env, login="portal_waiting", groups="base.group_portal", name="ანა კლიენტი")
        cls.customer.partner_id.write({"email": "ana@example.ge", "preferred_channel": "portal"})
        subscriber = mirror_subscribers(cls.env, (0, {"number": "4000000001"}))
        link_client(cls.env, cls.customer.partner_id, subscriber)
        cls._setup_waiting(cls.customer.partner_id)

    def test_the_client_answers_in_the_cabinet(self):
        request, service = self._registered_request()
        self._ask(service, "გთხოვთ, მიუთითოთ მიმღები აბონენტი.")
        # the wait began a month ago: many working hours to add to the deadline
        service.waiting_since = fields.Datetime.now() - timedelta(days=30)
        deadline = service.date_deadline
        self.authenticate("portal_waiting", "portal_waiting")
        page = self.url_open(f"/my/requests/{request.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("We need more information", page.text)
        self.assertIn("მიუთითოთ მიმღები აბონენტი", page.text)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "telmico.request",
                "thread_id": request.id,
                # as the cabinet's composer sends it
                "post_data": {
                    "body": "მიმღები: 4000000002",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.env.invalidate_all()
        self.assertEqual(service.state, "in_progress")
        self.assertIn("4000000002", service.client_answer)
        self.assertGreater(service.waited_hours, 100)
        calendar = service._calendar()
        self.assertEqual(service.date_deadline, calendar._telmico_plan(deadline, service.waited_hours))
        page = self.url_open(f"/my/requests/{request.id}")
        self.assertNotIn("We need more information", page.text, "answered")
