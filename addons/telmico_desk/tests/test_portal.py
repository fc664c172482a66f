import re

from odoo import http
from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestDeskPortal(HttpCase):
    """The personal cabinet: customers see their company's requests, write to us and ask for services."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True, mail_create_nolog=True))
        portal = "base.group_portal"
        cls.company = cls.env["res.partner"].create({"name": "Mziuri LLC", "is_company": True})
        cls.anna = new_test_user(cls.env, login="portal_anna", groups=portal, name="Anna Customer")
        cls.colleague = new_test_user(cls.env, login="portal_colleague", groups=portal, name="Nino Colleague")
        cls.boris = new_test_user(cls.env, login="portal_boris", groups=portal, name="Boris Stranger")
        (cls.anna | cls.colleague).partner_id.parent_id = cls.company
        cls.company_subscriber, cls.boris_subscriber = mirror_subscribers(
            cls.env, (0, {"number": "3000000001"}), (1, {"number": "3000000002"})
        )
        link_client(cls.env, cls.company, cls.company_subscriber)
        link_client(cls.env, cls.boris.partner_id, cls.boris_subscriber)
        department = cls.env["telmico.service.department"].create({"name": "Metering"})
        Template = cls.env["telmico.service.template"]
        cls.meter_check = Template.create(
            {
                "name": "Meter check",
                "kind": "complex",
                "public": True,
                "field_ids": [
                    Command.create(
                        {
                            "name": "Meter reading",
                            "key": "reading",
                            "field_type": "integer",
                            "required": True,
                            "public": True,
                        }
                    ),
                    Command.create({"name": "Preferred day", "key": "day", "field_type": "date", "public": True}),
                    Command.create({"name": "Inspector remark", "key": "remark", "field_type": "char"}),
                ],
                "stage_ids": [Command.create({"name": "Visit", "department_id": department.id, "deadline_hours": 8})],
            }
        )
        cls.consultation = Template.create(
            {
                "name": "Tariff consultation",
                "kind": "simple",
                "public": True,
                "field_ids": [
                    Command.create({"name": "Question", "key": "question", "field_type": "text", "public": True})
                ],
            }
        )
        cls.write_off = Template.create({"name": "Debt write-off", "kind": "simple"})
        Request = cls.env["telmico.request"]
        cls.anna_request = Request.create(
            {
                "subject": "Flickering light in the hall",
                "channel": "phone",
                "state": "new",
                "partner_id": cls.anna.partner_id.id,
                "subscriber_ids": [Command.set(cls.company_subscriber.ids)],
            }
        )
        service = cls.env["telmico.service"].create(
            {"template_id": cls.meter_check.id, "partner_id": cls.anna.partner_id.id, "request_id": cls.anna_request.id}
        )
        service.value_ids.filtered(lambda v: v.key == "reading").value_integer = 48213
        service.value_ids.filtered(lambda v: v.key == "remark").value_char = "Seal looks tampered"
        cls.draft_request = Request.create(
            {"subject": "Registration still being typed", "partner_id": cls.anna.partner_id.id}
        )

    def _csrf(self):
        return http.Request.csrf_token(self)

    def _post_new(self, **data):
        data.setdefault("csrf_token", self._csrf())
        files = data.pop("files", None)
        return self.url_open("/my/requests/new", data=data, files=files)

    def _anna_requests(self):
        self.env.invalidate_all()
        return self.env["telmico.request"].search([("partner_id", "=", self.anna.partner_id.id)])

    # ----------------------------------------------------------------- reading

    def test_customer_sees_own_requests(self):
        self.authenticate("portal_anna", "portal_anna")
        home = self.url_open("/my/home")
        self.assertIn('href="/my/requests"', home.text, "the cabinet offers the requests tile")
        listing = self.url_open("/my/requests")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.anna_request.name, listing.text)
        self.assertIn("Flickering light in the hall", listing.text)
        self.assertNotIn("Registration still being typed", listing.text, "a draft is the operator's, not shown")
        page = self.url_open(f"/my/requests/{self.anna_request.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Flickering light in the hall", page.text)
        self.assertIn("3000000001", page.text, "the subscriber of the request is shown")
        self.assertIn("48213", page.text, "a public field value of the service is shown")
        self.assertNotIn("Seal looks tampered", page.text, "a field not asked in the cabinet stays internal")
        self.assertIn('class="d-print-none o_portal_chatter', page.text, "the conversation is on the page")
        self.assertNotIn("/rate/", page.text, "an open request is not rated yet")

    def test_list_filters_and_search(self):
        self.anna_request.copy({"subject": "Bill twice as high", "state": "new"})
        self.authenticate("portal_anna", "portal_anna")
        found = self.url_open("/my/requests?search=twice")
        self.assertIn("Bill twice as high", found.text)
        self.assertNotIn("Flickering light in the hall", found.text)
        closed = self.url_open("/my/requests?filterby=closed&sortby=state")
        self.assertNotIn("Flickering light in the hall", closed.text)
        self.assertIn("There are no requests here yet", closed.text)

    def test_draft_request_not_visible(self):
        self.authenticate("portal_anna", "portal_anna")
        page = self.url_open(f"/my/requests/{self.draft_request.id}")
        self.assertNotIn("Registration still being typed", page.text)
        self.assertTrue(page.url.endswith("/my") or "/my/home" in page.url, page.url)

    def test_company_colleague_sees_requests(self):
        self.authenticate("portal_colleague", "portal_colleague")
        listing = self.url_open("/my/requests")
        self.assertIn("Flickering light in the hall", listing.text)
        page = self.url_open(f"/my/requests/{self.anna_request.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Flickering light in the hall", page.text)

    def test_other_customer_refused(self):
        self.authenticate("portal_boris", "portal_boris")
        listing = self.url_open("/my/requests")
        self.assertNotIn("Flickering light in the hall", listing.text)
        page = self.url_open(f"/my/requests/{self.anna_request.id}")
        self.assertNotIn(f"/my/requests/{self.anna_request.id}", page.url, "sent away from the request")
        self.assertNotIn("Flickering light in the hall", page.text)
        self.assertNotIn(self.anna_request.name, page.text)
        self.assertNotIn("48213", page.text)
        # a link with the request's token (as sent in our e-mails) opens it
        token = self.anna_request._portal_ensure_token()
        shared = self.url_open(f"/my/requests/{self.anna_request.id}?access_token={token}")
        self.assertEqual(shared.status_code, 200)
        self.assertIn("Flickering light in the hall", shared.text)
        wrong = self.url_open(f"/my/requests/{self.anna_request.id}?access_token=not-{token}")
        self.assertNotIn("Flickering light in the hall", wrong.text)

    def test_access_token_without_login(self):
        token = self.anna_request._portal_ensure_token()
        page = self.url_open(f"/my/requests/{self.anna_request.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Flickering light in the hall", page.text)
        anonymous = self.url_open(f"/my/requests/{self.anna_request.id}")
        self.assertNotIn("Flickering light in the hall", anonymous.text)

    def test_resolved_request_offers_rating(self):
        resolved = self.anna_request.copy({"subject": "Meter replaced", "state": "resolved"})
        self.authenticate("portal_anna", "portal_anna")
        page = self.url_open(f"/my/requests/{resolved.id}")
        self.env.invalidate_all()
        rating = resolved.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.anna.partner_id)
        for rate in (5, 3, 1):
            self.assertIn(f"/rate/{rating.access_token}/{rate}", page.text)
        self.assertEqual(self.url_open(f"/rate/{rating.access_token}/5").status_code, 200)

    # ------------------------------------------------------------ conversation

    def test_reply_from_cabinet(self):
        self.authenticate("portal_anna", "portal_anna")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "telmico.request",
                "thread_id": self.anna_request.id,
                "post_data": {"body": "The light still flickers", "message_type": "comment"},
            },
        )
        self.env.invalidate_all()
        message = self.anna_request.message_ids.filtered(lambda m: "still flickers" in m.body)
        self.assertEqual(message.author_id, self.anna.partner_id)
        self.assertEqual(message.message_type, "comment")
        self.authenticate("portal_boris", "portal_boris")
        with self.assertRaisesRegex(JsonRpcException, "NotFound"):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "telmico.request",
                    "thread_id": self.anna_request.id,
                    "post_data": {"body": "Not my request", "message_type": "comment"},
                },
            )
        self.env.invalidate_all()
        self.assertFalse(self.anna_request.message_ids.filtered(lambda m: "Not my request" in m.body))

    # ------------------------------------------------------------- new request

    def test_new_request_form_shows_public_fields(self):
        self.authenticate("portal_anna", "portal_anna")
        form = self.url_open(f"/my/requests/new?template_id={self.meter_check.id}")
        self.assertEqual(form.status_code, 200)
        self.assertIn("Meter reading", form.text)
        self.assertIn('<textarea id="description"', form.text)
        self.assertIn("Preferred day", form.text)
        self.assertNotIn("Inspector remark", form.text, "fields not asked in the cabinet stay hidden")
        self.assertNotIn("Debt write-off", form.text, "templates not offered in the cabinet are not listed")
        self.assertIn("3000000001", form.text, "the company's subscriber may be chosen")
        self.assertNotIn("3000000002", form.text, "another customer's subscriber is not offered")

    def test_create_request_with_service(self):
        self.authenticate("portal_anna", "portal_anna")
        before = self._anna_requests()
        response = self._post_new(
            subject="Please check my meter",
            description="It runs\nat night too",
            subscriber_id=str(self.company_subscriber.id),
            template_id=str(self.meter_check.id),
            field_reading="51 002",
            field_day="2026-10-05",
            field_remark="typed by a curious customer",
            files={"attachments": ("meter.jpg", b"\xff\xd8\xff fake photo", "image/jpeg")},
        )
        created = self._anna_requests() - before
        self.assertEqual(len(created), 1)
        self.assertTrue(response.url.endswith(f"/my/requests/{created.id}"), response.url)
        self.assertIn("Please check my meter", response.text)
        self.assertEqual(created.channel, "portal")
        self.assertEqual(created.state, "new")
        self.assertNotEqual(created.name, "New", "the request got its number")
        self.assertEqual(created.subscriber_ids, self.company_subscriber)
        self.assertIn("at night too", created.description)
        self.assertIn(self.anna.partner_id, created.message_partner_ids, "the customer follows the request")
        service = created.service_ids
        self.assertEqual(service.template_id, self.meter_check)
        self.assertEqual(service.subscriber_id, self.company_subscriber)
        values = {line.key: line for line in service.value_ids}
        self.assertEqual(values["reading"].value_integer, 51002)
        self.assertEqual(str(values["day"].value_date), "2026-10-05")
        self.assertFalse(values["remark"].value_char, "a field not asked in the cabinet cannot be filled from it")
        self.assertEqual(service.state, "in_progress", "a complex service with its fields answered is routed")
        posted = created.message_ids.filtered("attachment_ids")
        self.assertEqual(posted.author_id, self.anna.partner_id)
        self.assertEqual(posted.attachment_ids.mapped("name"), ["meter.jpg"])
        self.assertEqual((posted.attachment_ids.res_model, posted.attachment_ids.res_id), (created._name, created.id))

    def test_simple_service_left_to_operator(self):
        self.authenticate("portal_anna", "portal_anna")
        before = self._anna_requests()
        self._post_new(template_id=str(self.consultation.id), field_question="Is the night tariff cheaper?")
        created = self._anna_requests() - before
        self.assertEqual(created.subject, "Tariff consultation", "the service names a request without subject")
        self.assertEqual(created.service_ids.state, "draft", "nobody did the service yet: it is not completed")
        note = created.message_ids.filtered(lambda m: "stays a draft for an operator" in m.body)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"), "an internal note for the operators")
        self.assertIn("an operator does a simple service", note.body)
        self.authenticate("portal_anna", "portal_anna")
        page = self.url_open(f"/my/requests/{created.id}")
        self.assertIn("Is the night tariff cheaper?", page.text)

    def test_refused_input_creates_nothing(self):
        self.authenticate("portal_anna", "portal_anna")
        before = self._anna_requests()
        hidden = self._post_new(subject="Forgive my debt", template_id=str(self.write_off.id))
        self.assertIn("The chosen service cannot be requested in the personal cabinet.", hidden.text)
        self.assertIn('value="Forgive my debt"', hidden.text, "what was typed is kept")
        foreign = self._post_new(subject="About that meter", subscriber_id=str(self.boris_subscriber.id))
        self.assertIn("The chosen subscriber is not one of yours.", foreign.text)
        nothing = self._post_new(subject="  ")
        self.assertIn("Enter a subject or choose a service.", nothing.text)
        wrong = self._post_new(template_id=str(self.meter_check.id), field_reading="many", description="Since May")
        self.assertIn("is not a valid whole number for Meter reading", wrong.text)
        self.assertIn('value="many"', wrong.text)
        self.assertIn(">Since May</textarea>", wrong.text)
        missing = self._post_new(template_id=str(self.meter_check.id), field_day="2026-10-05")
        self.assertIn("Fill in Meter reading.", missing.text)
        self.assertEqual(self._anna_requests(), before, "nothing was created")

    def test_company_subscriber_for_colleague(self):
        self.authenticate("portal_colleague", "portal_colleague")
        self._post_new(subject="Our office meter", subscriber_id=str(self.company_subscriber.id))
        self.env.invalidate_all()
        created = self.env["telmico.request"].search([("partner_id", "=", self.colleague.partner_id.id)])
        self.assertEqual(created.subscriber_ids, self.company_subscriber)

    def test_file_too_big_refused(self):
        self.authenticate("portal_anna", "portal_anna")
        before = self._anna_requests()
        big = b"0" * (11 * 1024 * 1024)
        response = self._post_new(
            subject="A long video of my meter",
            files={"attachments": ("video.mp4", big, "video/mp4")},
        )
        self.assertIn("The file video.mp4 is larger than 10 MB", response.text)
        self.assertEqual(self._anna_requests(), before)
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "video.mp4")]))

    def test_csrf_required(self):
        self.authenticate("portal_anna", "portal_anna")
        before = self._anna_requests()
        with self.assertLogs("odoo.http", level="WARNING"):
            response = self._post_new(subject="Forged", csrf_token="forged")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._anna_requests(), before)

    def test_new_request_form_has_csrf_token(self):
        self.authenticate("portal_anna", "portal_anna")
        form = self.url_open("/my/requests/new")
        self.assertTrue(re.search(r'name="csrf_token" value="[^"]+"', form.text))

    def test_tour_new_request(self):
        self.start_tour("/my/requests", "telmico_desk_portal_tour", login="portal_anna")
        created = self._anna_requests().filtered(lambda r: r.subject == "The meter runs at night")
        self.assertEqual(created.channel, "portal")
        reading = created.service_ids.value_ids.filtered(lambda v: v.key == "reading")
        self.assertEqual(reading.value_integer, 51002)
        message = created.message_ids.filtered(lambda m: "photo of the meter" in m.body)
        self.assertEqual(message.author_id, self.anna.partner_id)
