from odoo.exceptions import UserError, ValidationError

from .common import ServiceCase

# the starter catalogue: xml id -> (kind, departments of its route in order, its documents)
CATALOGUE = {
    "receipt_copy": ("simple", [], ["action_report_service_receipt"]),
    "certificate": ("simple", [], ["action_report_service_certificate"]),
    "transfer": ("complex", ["charges"], []),
    "recalculation": ("complex", ["charges"], []),
    "meter_check": ("complex", ["metering", "metering"], []),
    "reconnection": ("complex", ["metering"], []),
    "owner_change": ("complex", ["legal", "charges"], []),
    "data_change": ("simple", [], []),
    "complaint": ("complex", ["care", "care"], []),
}


def ref(env, name):
    return env.ref(f"telmico_service_mgmt.{name}")


class TestCatalogue(ServiceCase):
    """The standard services ship as data (installed with the addon, without demo data) that the customer edits."""

    def test_starter_catalogue_installed(self):
        for key, (kind, route, documents) in CATALOGUE.items():
            template = ref(self.env, f"service_template_{key}")
            self.assertEqual(template.kind, kind, key)
            self.assertTrue(template.active and template.category_id and template.description, key)
            self.assertTrue(template.field_ids, f"{key} has its fields")
            stages = template.stage_ids.sorted("sequence")
            self.assertEqual(
                [stage.department_id for stage in stages],
                [ref(self.env, f"service_department_{code}") for code in route],
                key,
            )
            reports = self.env["ir.actions.report"].browse([ref(self.env, name).id for name in documents])
            self.assertEqual(template.report_ids, reports, key)
        data_change = ref(self.env, "service_template_data_change")
        self.assertEqual(data_change.data_change, "client")
        self.assertEqual(data_change.approval_department_id, ref(self.env, "service_department_care"))
        self.assertIn("mobile", data_change.change_field_ids.mapped("name"))
        self.assertTrue(ref(self.env, "service_template_complaint").public)
        self.assertTrue(
            ref(self.env, "service_template_certificate").action_ids.filtered(lambda a: a.kind == "mandatory")
        )
        # editable: noupdate data, an update of the addon keeps the customer's changes
        records = self.env["ir.model.data"].search(
            [("module", "=", "telmico_service_mgmt"), ("model", "like", "telmico.service.%")]
        )
        self.assertGreater(len(records), 50)
        self.assertTrue(all(records.mapped("noupdate")))

    def test_catalogue_service_goes_its_route(self):
        """A complex service of the catalogue is routed to the catalogue's department, once its fields are filled."""
        self.env.user.tz = "Asia/Tbilisi"
        service = (
            self.env["telmico.service"]
            .with_user(self.operator)
            .create(
                {
                    "template_id": ref(self.env, "service_template_recalculation").id,
                    "partner_id": self.client.id,
                    "subscriber_id": self.subscriber.id,
                }
            )
        )
        with self.assertRaisesRegex(ValidationError, "Period"):
            service.action_register()
        values = {line.key: line for line in service.value_ids}
        values["subscriber"].value_subscriber_id = self.subscriber
        values["period"].value_input = "2026-10"
        values["reason"].value_input = "მრიცხველის ჩვენება არასწორადაა აღებული."
        service.action_register()
        self.assertEqual(
            (service.state, service.department_id),
            ("in_progress", ref(self.env, "service_department_charges")),
        )
        self.assertTrue(service.date_deadline)


class ReceiptCopyCase(ServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = ref(cls.env, "service_template_receipt_copy")
        cls.receipts = cls.subscriber.receipt_ids

    def _service(self, **values):
        return (
            self.env["telmico.service"]
            .with_user(self.operator)
            .create({"template_id": self.template.id, "partner_id": self.client.id, **values})
        )

    def _line(self, service):
        return service.value_ids.filtered(lambda v: v.field_type == "receipt")


class TestReceiptCopy(ReceiptCopyCase):
    def test_receipts_listed_for_the_pick(self):
        """The receipt field offers the receipts of the client's subscribers with their summary, newest first."""
        service = self._service()
        line = self._line(service)
        domain = line._fields["value_receipt_id"]._description_domain(line.env)
        self.assertIn("receipt_subscriber_ids", domain)
        self.assertEqual(line.receipt_subscriber_ids, self.subscriber)
        offered = (
            self.env["telmico.subscriber.receipt"]
            .with_user(self.operator)
            .search([("subscriber_id", "in", line.receipt_subscriber_ids.ids)])
        )
        self.assertEqual(offered, self.receipts)
        self.assertEqual(offered[0].period, max(self.receipts.mapped("period")))
        self.assertIn(offered[0].number, offered[0].display_name)
        self.assertIn(offered[0].period, offered[0].display_name)

    def test_pick_and_print(self):
        service = self._service(subscriber_id=self.subscriber.id)
        with self.assertRaisesRegex(UserError, "Pick the receipt"):
            service.action_print_document()
        with self.assertRaisesRegex(ValidationError, "Receipt"):
            service.action_register()
        chosen = self.receipts[1]
        self._line(service).value_receipt_id = chosen
        self.assertEqual(self._line(service).value_display, chosen.display_name)
        service.action_register()
        self.assertEqual((service.state, service.result), ("closed", "done"))
        self.env.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = service.action_print_document()
        self.assertEqual(action["report_name"], "telmico_service_mgmt.report_service_receipt")
        self.assertIn("Receipt copy", service.message_ids[0].body)
        html = self.env["ir.actions.report"]._render_qweb_html(action["report_name"], service.ids)[0].decode()
        self.assertIn(chosen.number, html)
        self.assertIn(chosen.period, html)
        self.assertNotIn(self.receipts[0].number, html, "only the chosen receipt")

    def test_receipt_of_another_client_refused(self):
        other = self.env["res.partner"].create({"first_name": "ნინო", "last_name": "კაპანაძე"})
        stranger = self.env["telmico.service"].create({"template_id": self.template.id, "partner_id": other.id})
        with self.assertRaisesRegex(ValidationError, "is not a receipt of a subscriber of"):
            self._line(stranger).value_receipt_id = self.receipts[0]

    def test_receipt_field_not_asked_in_the_personal_cabinet(self):
        with self.assertRaisesRegex(ValidationError, "personal cabinet"):
            self.template.field_ids.filtered(lambda f: f.field_type == "receipt").public = True

    def test_receipt_copy_printed_in_georgian(self):
        """The copy is in Georgian, whatever the operator's language (the PDF itself: telmico_client_card)."""
        self.env["res.lang"]._activate_lang("ka_GE")
        self.env["ir.module.module"]._load_module_terms(["telmico_client_card", "telmico_service_mgmt"], ["ka_GE"])
        service = self._service(subscriber_id=self.subscriber.id)
        self._line(service).value_receipt_id = self.receipts[0]
        report = self.env["ir.actions.report"].with_user(self.operator)
        html = report._render_qweb_html("telmico_service_mgmt.report_service_receipt", service.ids)[0].decode()
        self.assertIn(self.receipts[0].number, html)
        self.assertIn("გადასახდელი", html)  # "To pay"
        self.assertNotIn("To pay", html)
