from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import ServiceCase


class TestServiceSecurity(ServiceCase):
    def test_who_sees_which_service(self):
        service = self._transfer()
        service.action_register()
        other_operator = new_test_user(
            self.env, login="sm_other", groups="telmico_service_mgmt.group_service_mgmt_user"
        )
        Service = self.env["telmico.service"]
        self.assertIn(service, Service.with_user(self.operator).search([]), "who registered it")
        self.assertIn(service, Service.with_user(self.clerk1).search([]), "the department's employees")
        self.assertIn(service, Service.with_user(self.charges_head).search([]), "the department head")
        self.assertIn(service, Service.with_user(self.boss).search([]), "managers")
        self.assertNotIn(service, Service.with_user(other_operator).search([]))
        self.assertNotIn(service, Service.with_user(self.meter1).search([]), "the next department, not yet")
        with self.assertRaises(AccessError):
            service.with_user(other_operator).read(["name"])
        with self.assertRaises(AccessError):
            service.value_ids.with_user(other_operator).read(["value_char"])

    def test_templates_are_built_by_administrators(self):
        with self.assertRaises(AccessError):
            self.consultation.with_user(self.boss).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.env["telmico.service.template"].with_user(self.operator).create({"name": "x"})
        self.consultation.with_user(self.admin_user).write({"name": "ტარიფები"})
        self.assertEqual(self.consultation.with_user(self.operator).name, "ტარიფები", "everybody reads templates")

    def test_heads_edit_their_department(self):
        self.charges.with_user(self.charges_head).assignment_method = "round_robin"
        with self.assertRaises(AccessError):
            self.charges.with_user(self.clerk1).write({"assignment_method": "manual"})
