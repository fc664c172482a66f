from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServiceUi(HttpCase):
    def test_admin_builds_a_template_operator_uses_it(self):
        new_test_user(self.env, login="sm_tour_admin", groups="telmico_service_mgmt.group_service_mgmt_admin")
        new_test_user(self.env, login="sm_tour_operator", groups="telmico_service_mgmt.group_service_mgmt_user")
        client = self.env["res.partner"].create(
            {"first_name": "გიორგი", "last_name": "ბერიძე", "mobile": "599 12 34 56"}
        )
        self.start_tour("/odoo", "telmico_service_template_build", login="sm_tour_admin")
        template = self.env["telmico.service.template"].search([("name", "=", "ახალი მრიცხველის დაყენება")])
        self.assertEqual(template.field_ids.mapped("key"), ["meter_number"])
        self.assertTrue(template.field_ids.required)
        self.assertEqual(template.action_ids.kind, "mandatory")
        self.start_tour("/odoo", "telmico_service_use", login="sm_tour_operator")
        service = self.env["telmico.service"].search([("template_id", "=", template.id)])
        self.assertEqual((service.partner_id, service.state, service.result), (client, "closed", "done"))
        self.assertEqual(service.value_ids.value_display, "77001234")
        self.assertTrue(service.action_line_ids.done)
