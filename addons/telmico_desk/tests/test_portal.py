import re
from datetime import datetime

from lxml import html

from odoo import http
from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


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
        self.assertIn(">48213<", page.text, "a public field value of the service is shown")
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

    def test_newest_first_by_the_registration_date(self):
        # typed in by an operator today about a letter of last month: it is older than the request of last week
        self.anna_request.date_registered = datetime(2026, 10, 20, 9, 0)
        self.anna_request.copy(
            {"subject": "Letter of last month", "state": "new", "date_registered": datetime(2026, 10, 1, 9, 0)}
        )
        self.anna_request.copy(
            {"subject": "Yesterday, an outage", "state": "new", "date_registered": datetime(2026, 10, 28, 9, 0)}
        )
        self.authenticate("portal_anna", "portal_anna")
        listing = self.url_open("/my/requests?sortby=date").text
        order = [listing.index(s) for s in ("Yesterday, an outage", "Flickering light", "Letter of last month")]
        self.assertEqual(order, sorted(order), "newest registered first, whatever the order they were typed in")

    def test_home_tile_icon_is_a_pictogram(self):
        self.authenticate("portal_anna", "portal_anna")
        home = html.fromstring(self.url_open("/my/home").content)
        icon = home.xpath("//a[@href='/my/requests']//div[hasclass('o_portal_icon')]/img/@src")
        self.assertEqual(icon, ["/telmico_desk/static/src/img/portal_requests.svg"])
        svg = self.url_open(icon[0])
        self.assertEqual(svg.status_code, 200)
        self.assertIn('width="64" height="64"', svg.text, "the size of the core pictograms of the cabinet")

    def test_new_request_button_in_sight_on_a_phone(self):
        self.authenticate("portal_anna", "portal_anna")
        page = html.fromstring(self.url_open("/my/requests").content)
        buttons = page.xpath("//a[@href='/my/requests/new' and @role='button']")
        folded = [b for b in buttons if b.xpath("ancestor::*[@id='o_portal_navbar_content']")]
        in_sight = [b for b in buttons if not b.xpath("ancestor::*[@id='o_portal_navbar_content']")]
        self.assertTrue(folded and "d-lg-inline-block" in folded[0].get("class"), "desktop: in the search bar")
        self.assertEqual(len(in_sight), 1, "a phone shows the button outside the folded menu")
        self.assertIn("d-lg-none", in_sight[0].get("class"))
        subject = page.xpath("normalize-space(//div[hasclass('o_telmico_request_subject_phone')])")
        self.assertEqual(subject, "Flickering light in the hall", "on a phone the subject sits under the number")

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
        # the value as an element's text: a bare "48213" may occur by chance in a CSRF token or an asset hash
        self.assertNotIn(">48213<", page.text)
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
        self.assertNotIn('id="request_rating_chosen"', page.text, "nothing chosen before the customer rates")
        submitted = self.url_open(
            f"/rate/{rating.access_token}/submit_feedback", data={"rate": 5, "csrf_token": self._csrf()}
        )
        self.assertEqual(submitted.status_code, 200)
        page = html.fromstring(self.url_open(f"/my/requests/{resolved.id}").content)
        chosen = page.xpath("//div[hasclass('o_telmico_rating_faces')]/a[@aria-current='true']/@href")
        self.assertEqual(len(chosen), 1)
        self.assertTrue(chosen[0].endswith("/5"), "the face chosen is shown chosen")
        self.assertEqual(page.xpath("normalize-space(//p[@id='request_rating_chosen']/strong)"), "Satisfied")
        token = chosen[0].split("/")[2]
        self.url_open(f"/rate/{token}/submit_feedback", data={"rate": 1, "csrf_token": self._csrf()})
        page = html.fromstring(self.url_open(f"/my/requests/{resolved.id}").content)
        self.assertEqual(page.xpath("normalize-space(//p[@id='request_rating_chosen']/strong)"), "Dissatisfied")

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

    def test_new_request_form_defaults(self):
        # Boris has one subscriber: the form chooses it; Anna's company has one too
        self.authenticate("portal_boris", "portal_boris")
        form = html.fromstring(self.url_open("/my/requests/new").content)
        self.assertEqual(
            form.xpath("//select[@id='subscriber_id']/option[@selected]/@value"), [str(self.boris_subscriber.id)]
        )
        subject = form.xpath("//input[@id='subject']")[0]
        self.assertEqual(subject.get("required"), "required", "the subject is required")
        self.assertIn("*", form.xpath("normalize-space(//label[@for='subject'])"), "and marked so")
        # choosing a service names the request after it until the customer writes a subject
        form = html.fromstring(self.url_open(f"/my/requests/new?template_id={self.consultation.id}").content)
        self.assertEqual(form.xpath("//input[@id='subject']/@value"), ["Tariff consultation"])
        # a customer who chose "None" keeps it when the form comes back
        kept = self._post_new(subject="", subscriber_id="", template_id=str(self.consultation.id), refresh="1")
        self.assertFalse(html.fromstring(kept.content).xpath("//select[@id='subscriber_id']/option[@selected]/@value"))

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
        self.assertTrue(response.url.endswith(f"/my/requests/{created.id}?sent=1"), response.url)
        self.assertIn("Please check my meter", response.text)
        confirmation = html.fromstring(response.content).xpath("normalize-space(//div[@id='request_sent'])")
        self.assertIn(f"Your request {created.name} has been sent.", confirmation)
        later = self.url_open(f"/my/requests/{created.id}")
        self.assertNotIn('id="request_sent"', later.text, "the confirmation is said once, after sending")
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
        badge = html.fromstring(page.content).xpath(
            "normalize-space(//div[@id='request_services']//span[hasclass('badge')])"
        )
        self.assertEqual(badge, "Received", "the customer is not shown an operator's draft")

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

    # ------------------------------------------------------------- file caps

    def _set_caps(self, **caps):
        for cap, value in caps.items():
            self.env["ir.config_parameter"].set_param(f"telmico_desk.portal_max_{cap}", value)

    def _assert_nothing_created(self, before, *names):
        self.assertEqual(self._anna_requests(), before, "nothing was created")
        self.assertFalse(self.env["ir.attachment"].search([("name", "in", names)]), "no file was kept")

    def test_too_many_files_refused(self):
        self.authenticate("portal_anna", "portal_anna")
        before = self._anna_requests()
        files = [("attachments", (f"page{i}.jpg", b"scan", "image/jpeg")) for i in range(11)]
        response = self._post_new(subject="Eleven pages", files=files)
        self.assertIn("A request takes at most 10 files from you.", response.text)
        self.assertIn('value="Eleven pages"', response.text, "what was typed is kept")
        self._assert_nothing_created(before, *(f"page{i}.jpg" for i in range(11)))
        response = self._post_new(subject="Ten pages", files=files[:10])
        created = self._anna_requests() - before
        self.assertEqual(len(created.message_ids.attachment_ids), 10, "ten files are accepted")

    def test_files_over_the_request_total_refused(self):
        """Three 9 MB files are each under the 10 MB cap, but 27 MB is over the 25 MB of a request."""
        self.authenticate("portal_anna", "portal_anna")
        before = self._anna_requests()
        big = b"0" * (9 * 1024 * 1024)
        files = [("attachments", (f"video{i}.mp4", big, "video/mp4")) for i in range(3)]
        response = self._post_new(subject="Three videos", files=files)
        self.assertIn("A request takes at most 25 MB of files from you.", response.text)
        self._assert_nothing_created(before, "video0.mp4", "video1.mp4", "video2.mp4")
        self._post_new(subject="Two videos", files=files[:2])
        self.assertEqual(len(self._anna_requests() - before), 1, "18 MB are accepted")

    def test_files_per_customer_per_day(self):
        """The customer's files of the last 24 hours, on every request of their company, count together."""
        self._set_caps(daily_mb=1)
        self.authenticate("portal_anna", "portal_anna")
        before = self._anna_requests()
        photo = b"0" * (600 * 1024)
        self._post_new(subject="First photo", files={"attachments": ("first.jpg", photo, "image/jpeg")})
        first = self._anna_requests() - before
        self.assertEqual(first.message_ids.attachment_ids.mapped("name"), ["first.jpg"])
        self.authenticate("portal_colleague", "portal_colleague")
        response = self._post_new(subject="Second photo", files={"attachments": ("second.jpg", photo, "image/jpeg")})
        self.assertIn("You may send at most 1 MB of files in 24 hours and have sent 0.6 MB", response.text)
        self._assert_nothing_created(before | first, "second.jpg")
        # a day later the customer may send again
        self.env["ir.attachment"].search([("name", "=", "first.jpg")]).flush_recordset()
        self.env.cr.execute(
            "UPDATE ir_attachment SET create_date = create_date - interval '25 hours' WHERE name = 'first.jpg'"
        )
        self._post_new(subject="Second photo", files={"attachments": ("second.jpg", photo, "image/jpeg")})
        self.assertTrue(self.env["ir.attachment"].search([("name", "=", "second.jpg")]))

    def test_file_caps_are_system_parameters(self):
        self._set_caps(files=2, file_mb=1)
        self.authenticate("portal_anna", "portal_anna")
        form = self.url_open("/my/requests/new")
        self.assertIn("Up to 2 files, 25 MB in all and 1 MB per file (100 MB in 24 hours)", form.text)
        before = self._anna_requests()
        files = [("attachments", (f"scan{i}.pdf", b"%PDF", "application/pdf")) for i in range(3)]
        response = self._post_new(subject="Three scans", files=files)
        self.assertIn("A request takes at most 2 files from you.", response.text)
        response = self._post_new(
            subject="A big scan", files={"attachments": ("big.pdf", b"0" * (1024 * 1024 + 1), "application/pdf")}
        )
        self.assertIn("The file big.pdf is larger than 1 MB", response.text)
        self._assert_nothing_created(before, "scan0.pdf", "big.pdf")
        self._set_caps(files="many")
        response = self._post_new(subject="Three scans", files=files)
        self.assertEqual(len(self._anna_requests() - before), 1, "an unusable value means the default (10)")

    # ----------------------------------------------------- files in the conversation

    def _upload(self, name, content, desk_request=None, **params):
        response = self.url_open(
            "/mail/attachment/upload",
            data={
                "thread_model": "telmico.request",
                "thread_id": str((desk_request or self.anna_request).id),
                "is_pending": "true",
                "csrf_token": self._csrf(),
                **params,
            },
            files={"ufile": (name, content, "application/octet-stream")},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _uploaded(self, result):
        return result["data"]["ir.attachment"][0]

    def test_conversation_files_obey_the_caps(self):
        self._set_caps(files=2, file_mb=1)
        self.authenticate("portal_anna", "portal_anna")
        first = self._uploaded(self._upload("one.jpg", b"photo"))
        self._uploaded(self._upload("two.jpg", b"photo"))
        refused = self._upload("three.jpg", b"photo")
        self.assertEqual(refused["error"], "A request takes at most 2 files from you.")
        big = self._upload("big.mp4", b"0" * (1024 * 1024 + 1))
        self.assertIn("The file big.mp4 is larger than 1 MB: send a smaller file.", big["error"])
        self.assertFalse(self.env["ir.attachment"].search([("name", "in", ("three.jpg", "big.mp4"))]))
        pending = self.env["ir.attachment"].search([("name", "in", ("one.jpg", "two.jpg"))])
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "telmico.request",
                "thread_id": self.anna_request.id,
                "post_data": {"body": "Photos", "message_type": "comment", "attachment_ids": pending.ids},
                "attachment_tokens": pending.mapped("access_token"),
            },
        )
        self.env.invalidate_all()
        self.assertEqual(set(self.anna_request.message_ids.attachment_ids.ids), set(pending.ids))
        self.assertEqual(first["id"], min(pending.ids))
        # the request has its two files from the customer: a colleague of the company adds none
        self.authenticate("portal_colleague", "portal_colleague")
        self.assertIn("error", self._upload("four.jpg", b"photo"))
        # another request takes its own two; agents are not capped
        other = self.anna_request.copy({"subject": "Another matter", "state": "new"})
        self.assertIn("data", self._upload("four.jpg", b"photo", desk_request=other))
        agent = new_test_user(self.env, login="portal_test_agent", groups="telmico_desk.group_desk_user")
        self.anna_request.team_id.member_ids = [Command.link(agent.id)]
        self.authenticate(agent.login, agent.login)
        self.assertIn("data", self._upload("agent.pdf", b"report"))

    def test_conversation_files_per_customer_per_day(self):
        self._set_caps(daily_mb=1)
        self.authenticate("portal_anna", "portal_anna")
        photo = b"0" * (600 * 1024)
        self.assertIn("data", self._upload("first.jpg", photo))
        refused = self._upload("second.jpg", photo)
        self.assertIn("You may send at most 1 MB of files in 24 hours", refused["error"])

    def test_anonymous_files_with_the_request_link(self):
        """A visitor with the link of our e-mail writes for the request's client: the same caps hold."""
        self._set_caps(files=1)
        token = self.anna_request._portal_ensure_token()
        self.authenticate(None, None)
        self.assertIn("data", self._upload("one.jpg", b"photo", token=token))
        self.assertIn("error", self._upload("two.jpg", b"photo", token=token))

    def test_files_sent_with_a_message_are_checked_however_they_came(self):
        """Files uploaded elsewhere (not through the request's conversation) and sent with a message on the
        request are checked when they are linked to it: the message is refused and nothing is attached."""
        self._set_caps(files=2)
        self.authenticate("portal_anna", "portal_anna")
        # sudo: as Odoo's upload does, for the customer (who is the author: create_uid)
        Attachment = self.env["ir.attachment"].with_user(self.anna).sudo()
        pending = Attachment.create(
            [
                {
                    "name": f"elsewhere{i}.jpg",
                    "raw": b"photo",
                    "res_model": "mail.compose.message",
                    "res_id": 0,
                    "access_token": Attachment._generate_access_token(),
                }
                for i in range(3)
            ]
        )
        post = {
            "thread_model": "telmico.request",
            "thread_id": self.anna_request.id,
            "post_data": {"body": "Three photos", "message_type": "comment", "attachment_ids": pending.ids},
            "attachment_tokens": pending.mapped("access_token"),
        }
        with self.assertRaisesRegex(JsonRpcException, "ValidationError"), mute_logger("odoo.http"):
            self.make_jsonrpc_request("/mail/message/post", post)
        self.env.invalidate_all()
        self.assertFalse(self.anna_request.message_ids.filtered(lambda m: "Three photos" in m.body))
        self.assertEqual(set(pending.mapped("res_model")), {"mail.compose.message"}, "nothing was attached")
        post["post_data"]["attachment_ids"] = pending[:2].ids
        post["attachment_tokens"] = pending[:2].mapped("access_token")
        self.make_jsonrpc_request("/mail/message/post", post)
        self.env.invalidate_all()
        self.assertEqual(len(self.anna_request.message_ids.attachment_ids), 2)
