from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form

from .common import ServiceCase


class TestService(ServiceCase):
    def test_required_fields_named(self):
        service = self._service(self.consultation)
        service.action_line_ids.filtered(lambda a: a.kind == "mandatory").done = True
        with self.assertRaisesRegex(ValidationError, "required field.*თემა"):
            service.action_register()
        self.assertEqual(service.state, "draft", "nothing half-done")
        service.value_ids.value_selection = "საყოფაცხოვრებო"
        service.action_register()
        self.assertEqual((service.state, service.result), ("closed", "done"))

    def test_required_fields_marked_before_register(self):
        """The form says which fields are required before Register; a document to attach is named as such."""
        template = self.env["telmico.service.template"].create(
            {
                "name": "მრიცხველის შეცვლა",
                "kind": "simple",
                "field_ids": [
                    Command.create({"name": "ფოტო", "key": "photo", "field_type": "attachment", "required": True}),
                    Command.create({"name": "შენიშვნა", "key": "note", "field_type": "char", "help": "მოკლედ"}),
                    Command.create({"name": "ჩვენება", "key": "reading", "field_type": "char", "required": True}),
                ],
            }
        )
        with Form(self.env["telmico.service"].with_user(self.operator)) as form:
            form.template_id = template
            form.partner_id = self.client
            hints = [line["hint"] for line in form.value_ids._records]
        self.assertEqual(hints, ["Required: attach the photo or document", "მოკლედ", "Required"])
        arch = self.env["telmico.service"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('decoration-bf="required"', arch, "required rows stand out")

    def test_values_typed_as_text_are_checked(self):
        service = self._transfer()
        amount = service.value_ids.filtered(lambda v: v.key == "amount")
        amount.value_input = "1 250,50"
        self.assertEqual(amount.value_monetary, 1250.5)
        with self.assertRaisesRegex(ValidationError, "not a valid amount for თანხა"):
            amount.value_input = "ათასი"
        self.assertEqual(amount.value_monetary, 1250.5, "the bad input changed nothing")

    def test_form_shows_the_fields_before_saving(self):
        with Form(self.env["telmico.service"].with_user(self.operator)) as form:
            form.template_id = self.transfer
            form.partner_id = self.client
            names = []
            for index in range(len(form.value_ids)):
                with form.value_ids.edit(index) as line:
                    names.append(line.name)
            self.assertEqual(names, ["თანხა", "სად", "აღწერა"])
            self.assertEqual(len(form.route_line_ids), 2)
            with form.value_ids.edit(0) as line:
                line.value_input = "50"
            with form.value_ids.edit(1) as line:
                line.value_input = "1000000002"
        service = form.record
        self.assertEqual(service.value_ids.mapped("value_display"), ["50.0", "1000000002", ""])
        service.action_register()
        self.assertEqual(service.state, "in_progress")

    def test_choice_must_be_one_of_the_choices(self):
        service = self._service(self.consultation)
        with self.assertRaisesRegex(ValidationError, "not a choice"):
            service.value_ids.value_selection = "სხვა"

    def test_mandatory_action_blocks_completion(self):
        service = self._service(self.consultation, topic={"value_selection": "კომერციული"})
        with self.assertRaisesRegex(ValidationError, "mandatory action.*დაადასტურეთ ტელეფონი"):
            service.action_register()
        action = service.action_line_ids.filtered(lambda a: a.kind == "mandatory")
        action.with_user(self.operator).action_mark_done()
        self.assertEqual((action.done_by_id, bool(action.done_date)), (self.operator, True))
        service.with_user(self.operator).action_register()
        self.assertEqual(service.state, "closed")
        self.assertEqual(service.user_id, self.operator, "a simple service is done by the operator who registers it")
        self.assertTrue(service.name.startswith("SRV/"))

    def test_hints_follow_the_client(self):
        service = self._service(self.consultation)
        hints = service.action_line_ids.filtered(lambda a: a.kind == "hint").mapped("name")
        self.assertEqual(hints, ["აცნობეთ დავალიანება", "შეამოწმეთ პირადობა"], "debt 120 and identity not confirmed")
        self.assertIn("აცნობეთ დავალიანება", service.hint_html)
        self.client.identity_confirmed = True
        self.assertEqual(
            self._service(self.consultation).action_line_ids.filtered(lambda a: a.kind == "hint").mapped("name"),
            ["აცნობეთ დავალიანება"],
        )

    def test_hint_with_html_is_shown_as_text(self):
        self.assertTrue(self.env["telmico.service"]._fields["hint_html"].sanitize, "the hints' HTML is sanitized")
        self.consultation.action_ids[:1].name = "<b>დავალიანება</b> & <img src=x onerror=alert(1)>"
        service = self._service(self.consultation)
        self.assertIn("&lt;b&gt;დავალიანება&lt;/b&gt; &amp; &lt;img src=x onerror=alert(1)&gt;", service.hint_html)
        self.assertNotIn("<img", service.hint_html)
        self.assertIn("<li>", service.hint_html, "the list itself stays HTML")

    def test_client_notified_when_done(self):
        service = self._service(self.consultation, topic={"value_selection": "კომერციული"})
        service.action_line_ids.done = True
        service.with_context(mail_notify_force_send=False).action_register()  # keep the mail in the queue
        message = service.message_ids.filtered(lambda m: self.client in m.partner_ids)
        self.assertTrue(message, "a message to the client")
        self.assertIn(service.name, message[0].subject)
        mail = self.env["mail.mail"].search([("mail_message_id", "in", message.ids)])
        self.assertIn("giorgi@example.ge", mail.mapped("recipient_ids.email"))

    def test_complex_route_through_two_departments(self):
        service = self._transfer()
        service.action_register()
        self.assertEqual((service.state, service.department_id), ("in_progress", self.charges))
        self.assertFalse(service.user_id, "the charges department distributes by hand")
        first, second = service.route_line_ids.sorted("sequence")
        self.assertEqual(first.state, "current")
        self.assertTrue(first.date_deadline)
        service.with_user(self.clerk1).action_take()
        service.with_user(self.clerk1).action_done()
        self.assertEqual(
            (first.state, second.state, service.department_id, service.user_id),
            ("done", "current", self.metering, self.meter1),
        )
        service.with_user(self.meter1).action_done()
        self.assertEqual((service.state, service.result, second.state), ("closed", "done", "done"))

    def test_not_done_needs_a_reason(self):
        service = self._transfer()
        service.action_register()
        with self.assertRaisesRegex(ValidationError, "Say why"):
            service.action_not_done()
        service.reason = "აბონენტი ვერ მოიძებნა"
        service.action_not_done()
        self.assertEqual((service.state, service.result), ("closed", "not_done"))

    def test_template_change_does_not_touch_existing_services(self):
        service = self._transfer()
        service.action_register()
        deadline = service.date_deadline
        self.transfer.write(
            {
                "field_ids": [Command.clear()],
                "stage_ids": [
                    Command.clear(),
                    Command.create({"name": "ახალი", "department_id": self.metering.id, "deadline_hours": 80}),
                ],
            }
        )
        self.assertEqual(service.value_ids.mapped("key"), ["amount", "to_subscriber", "note"])
        self.assertEqual(service.route_line_ids.mapped("name"), ["შემოწმება", "აღრიცხვა"])
        self.assertEqual(service.date_deadline, deadline, "deadlines are stored")
        service.with_user(self.clerk2).action_take()
        service.action_done()
        self.assertEqual(service.department_id, self.metering, "the old route goes on")
        new = self._service(self.transfer)
        self.assertFalse(new.value_ids)
        self.assertEqual(new.route_line_ids.mapped("name"), ["ახალი"])
        with self.assertRaisesRegex(UserError, "template of a registered service"):
            service.template_id = self.consultation

    def test_every_action_logged(self):
        service = self._transfer()
        self.flush_tracking()
        service.with_user(self.operator).value_ids.filtered(lambda v: v.key == "amount").value_monetary = 75
        service.with_user(self.operator).action_register()
        self.flush_tracking()
        service.with_user(self.clerk1).action_take()
        self.flush_tracking()
        service = service.sudo()  # tracking values are read by administrators
        bodies = " ".join(service.message_ids.mapped("body"))
        self.assertIn("თანხა: 50.0 → 75.0", bodies)
        tracked = service.message_ids.tracking_value_ids
        state_change = tracked.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(state_change.new_value_char, "In progress")
        executor_change = tracked.filtered(lambda t: t.field_id.name == "user_id")
        self.assertEqual(executor_change.mail_message_id.author_id, self.clerk1.partner_id, "who took it")

    def test_print_document(self):
        service = self._service(self.consultation, topic={"value_selection": "კომერციული"})
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("telmico_service_mgmt.report_service_certificate", service.ids)[0]
            .decode()
        )
        self.assertIn("გიორგი ბერიძე", html)
        self.assertIn("კომერციული", html)
        self.env.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = service.action_print_document()
        self.assertEqual(action["report_name"], "telmico_service_mgmt.report_service_certificate")
        self.assertIn("Document issued", service.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "no printable document"):
            self._transfer().action_print_document()

    def test_only_drafts_deleted(self):
        service = self._transfer()
        service.action_register()
        with self.assertRaisesRegex(UserError, "Only draft or cancelled"):
            service.unlink()
        self._transfer().unlink()


class TestDataChange(ServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mobile = cls.env["ir.model.fields"]._get("res.partner", "mobile")
        Template = cls.env["telmico.service.template"]
        cls.change_client = Template.create(
            {
                "name": "კონტაქტის ცვლილება",
                "data_change": "client",
                "change_field_ids": [Command.link(mobile.id)],
                "approval_department_id": cls.charges.id,
            }
        )
        cls.change_subscriber = Template.create(
            {"name": "აბონენტის ცვლილება", "data_change": "subscriber", "approval_department_id": cls.charges.id}
        )
        cls.mobile = mobile

    def test_client_change_applied_after_approval(self):
        service = self._service(self.change_client)
        with self.assertRaisesRegex(ValidationError, "new values"):
            service.action_register()
        service.change_line_ids = [Command.create({"client_field": "mobile", "new_value": "+995577112233"})]
        self.assertEqual(service.change_line_ids.old_value, "+995599123456")
        service.action_register()
        self.assertEqual((service.state, service.user_id), ("to_approve", self.charges_head))
        self.assertEqual(self.client.mobile, "+995599123456", "nothing changes before approval")
        with self.assertRaises(AccessError):
            service.with_user(self.operator).action_approve()
        service.with_user(self.charges_head).action_approve()
        self.assertEqual(self.client.mobile, "+995577112233")
        self.assertEqual((service.state, service.approved_by_id), ("closed", self.charges_head))

    def test_rejection_only_while_waiting_for_approval(self):
        complex_service = self._transfer()
        complex_service.action_register()
        complex_service.reason = "შეცდომა"
        with self.assertRaisesRegex(UserError, "not waiting for approval"):
            complex_service.with_user(self.charges_head).action_reject()
        self.assertEqual((complex_service.state, complex_service.result), ("in_progress", False))
        service = self._service(self.change_client)
        service.change_line_ids = [Command.create({"client_field": "mobile", "new_value": "+995577112233"})]
        service.action_register()
        service.with_user(self.charges_head).action_approve()
        service.reason = "გვიან"
        with self.assertRaisesRegex(UserError, "not waiting for approval"):
            service.with_user(self.charges_head).action_reject()
        self.assertEqual((service.state, service.result), ("closed", "done"), "the approved result stays")

    def test_rejection_keeps_the_card(self):
        service = self._service(self.change_client)
        service.change_line_ids = [Command.create({"client_field": "mobile", "new_value": "+995577112233"})]
        service.action_register()
        with self.assertRaisesRegex(ValidationError, "rejected"):
            service.with_user(self.charges_head).action_reject()
        service.reason = "დოკუმენტი არ არის წარმოდგენილი"
        service.with_user(self.charges_head).action_reject()
        self.assertEqual((service.result, self.client.mobile), ("not_done", "+995599123456"))

    def test_field_not_allowed_refused(self):
        service = self._service(self.change_client)
        with self.assertRaisesRegex(ValidationError, "may not change"):
            service.change_line_ids = [Command.create({"client_field": "email", "new_value": "x@example.ge"})]

    def test_subscriber_change_goes_to_billing_outbox(self):
        service = self._service(self.change_subscriber)
        service.change_line_ids = [Command.create({"subscriber_field": "phone", "new_value": "+995577000111"})]
        service.action_register()
        service.with_user(self.charges_head).action_approve()
        outbox = self.env["telmico.billing.outbox"].search(
            [("res_model", "=", "telmico.service"), ("res_id", "=", service.id)]
        )
        self.assertEqual(outbox.payload["new_value"], "+995577000111")
        self.assertEqual(outbox.payload["subscriber"], "1000000001")
        self.assertEqual(outbox.state, "pending")
        self.assertTrue(service.change_line_ids.applied)


class TestDataChangeTypes(ServiceCase):
    """Every type of client field a template may allow: the value is read by its type when it is typed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Segment = cls.env["telmico.client.segment"]
        cls.vip = Segment.create({"name": "ვიპ კლიენტი", "code": "T_VIP"})
        cls.business1 = Segment.create({"name": "ბიზნესი მცირე", "code": "T_B1"})
        cls.business2 = Segment.create({"name": "ბიზნესი დიდი", "code": "T_B2"})
        cls.names = ["mobile", "birthday", "preferred_channel", "consent_sms", "segment_id"]
        cls.template = cls.env["telmico.service.template"].create(
            {
                "name": "კლიენტის მონაცემების ცვლილება",
                "data_change": "client",
                "change_field_ids": [
                    Command.set([cls.env["ir.model.fields"]._get("res.partner", name).id for name in cls.names])
                ],
                "approval_department_id": cls.charges.id,
            }
        )
        cls.client.write({"birthday": date(1980, 1, 2), "preferred_channel": "phone", "consent_sms": True})

    def _change(self, **values):
        service = self._service(self.template)
        service.with_user(self.operator).change_line_ids = [
            Command.create({"client_field": field, "new_value_input": text}) for field, text in values.items()
        ]
        return service

    def test_every_allowed_type_applied(self):
        self.assertTrue(
            set(self.names) <= {name for name, __ in self.env["telmico.service.change"]._selection_client_field()}
        )
        service = self._change(
            mobile="+995577112233",
            birthday="05.10.2026",
            preferred_channel="SMS",
            consent_sms="არა",
            segment_id="ვიპ კლიენტი",
        )
        changes = {change.client_field: change for change in service.change_line_ids}
        self.assertEqual(
            {name: change.new_value for name, change in changes.items()},
            {
                "mobile": "+995577112233",
                "birthday": "2026-10-05",
                "preferred_channel": "sms",
                "consent_sms": "False",
                "segment_id": str(self.vip.id),
            },
            "stored in one form, whatever the user typed",
        )
        service.action_register()
        service.with_user(self.charges_head).action_approve()
        self.assertEqual(
            (self.client.mobile, self.client.birthday, self.client.preferred_channel, self.client.consent_sms),
            ("+995577112233", date(2026, 10, 5), "sms", False),
        )
        self.assertEqual(self.client.segment_id, self.vip)

    def test_values_shown_in_the_users_format(self):
        service = self._change(
            birthday="2026-10-05", preferred_channel="email", consent_sms="no", segment_id=str(self.vip.id)
        )
        service.action_register()  # the approver sees it now
        changes = {change.client_field: change for change in service.with_user(self.charges_head).change_line_ids}
        self.assertEqual(self.charges_head.lang, "en_US")  # dates as 10/05/2026
        self.assertEqual(
            {name: (change.old_value_display, change.new_value_input) for name, change in changes.items()},
            {
                "birthday": ("01/02/1980", "10/05/2026"),
                "preferred_channel": ("Phone call", "E-mail"),
                "consent_sms": ("Yes", "No"),
                "segment_id": ("", "ვიპ კლიენტი"),
            },
        )
        # what the user sees reads back as the same value
        changes["birthday"].new_value_input = "10/05/2026"
        self.assertEqual(changes["birthday"].new_value, "2026-10-05")

    def test_values_that_do_not_fit_refused_when_typed(self):
        cases = [
            ("birthday", "32.13.2026", "not a date for Birthday"),
            ("preferred_channel", "ფოსტით", r"not a choice of Preferred Channel: Phone call, SMS"),
            ("consent_sms", "ალბათ", "not a yes / no answer"),
            ("segment_id", "არარსებული", "No Client segment record matches"),
            ("segment_id", "ბიზნესი", "matches several Client segment records for Segment: .*ბიზნესი მცირე"),
            ("mobile", "  ", "Enter the new value"),
        ]
        for field, text, error in cases:
            with self.subTest(field=field, text=text), self.assertRaisesRegex(ValidationError, error):
                self._change(**{field: text})
        service = self._change(segment_id="ბიზნესი მცირე")
        self.assertEqual(service.change_line_ids.new_value, str(self.business1.id), "the full name chooses one")

    def test_form_warns_at_once(self):
        service = self._service(self.template)
        with Form(service.with_user(self.operator)) as form, form.change_line_ids.new() as line:
            line.client_field = "birthday"
            self.assertEqual(line.old_value_display, "01/02/1980", "the value it will change")
            line.new_value_input = "05.10.2026"
        self.assertEqual(service.change_line_ids.new_value, "2026-10-05")
        change = self.env["telmico.service.change"].new({"service_id": service.id, "client_field": "birthday"})
        change.new_value_input = "ხვალ"
        warning = change._onchange_new_value_input()
        self.assertIn("not a date for Birthday", warning["warning"]["message"])

    def test_subscriber_change_checked_and_sent_as_text(self):
        template = self.env["telmico.service.template"].create(
            {"name": "აბონენტის ცვლილება", "data_change": "subscriber", "approval_department_id": self.charges.id}
        )
        service = self._service(template)
        with self.assertRaisesRegex(ValidationError, "Enter the new value of Tariff"):
            service.change_line_ids = [Command.create({"subscriber_field": "tariff", "new_value_input": " "})]
        service = self._service(template)
        service.change_line_ids = [Command.create({"subscriber_field": "tariff", "new_value_input": " კომერციული "})]
        self.assertEqual(service.change_line_ids.new_value, "კომერციული", "text stays text")


class TestOfferHintedService(ServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consultation.action_ids.filtered(lambda a: a.condition == "debt").suggested_template_id = cls.transfer

    def test_hint_offers_its_service_in_one_click(self):
        service = self._service(self.consultation)
        hint = service.action_line_ids.filtered(lambda a: a.suggested_template_id)
        action = hint.with_user(self.operator).action_offer_service()
        offered = hint.offered_service_id
        self.assertEqual((action["res_model"], action["res_id"]), ("telmico.service", offered.id), "opened to fill in")
        self.assertEqual(
            (offered.template_id, offered.partner_id, offered.subscriber_id, offered.state),
            (self.transfer, self.client, self.subscriber, "draft"),
        )
        self.assertEqual(offered.value_ids.mapped("key"), ["amount", "to_subscriber", "note"], "the template's fields")
        self.assertIn("თანხის გადატანა", service.message_ids[:1].body, "the offer is noted on the service")
        with self.assertRaisesRegex(UserError, "already offered"):
            hint.with_user(self.operator).action_offer_service()
        self.assertEqual(self.env["telmico.service"].search_count([("template_id", "=", self.transfer.id)]), 1)

    def test_hint_without_service_offers_nothing(self):
        service = self._service(self.consultation)
        hint = service.action_line_ids.filtered(lambda a: a.kind == "hint" and not a.suggested_template_id)
        with self.assertRaisesRegex(UserError, "offers no service"):
            hint.with_user(self.operator).action_offer_service()
