from odoo.exceptions import AccessError
from odoo.fields import Command
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

    def test_heads_edit_only_the_departments_they_lead(self):
        self.assertEqual(self.metering.with_user(self.charges_head).name, "აღრიცხვა", "every department is readable")
        for user in (self.charges_head, self.boss):
            with self.assertRaises(AccessError):
                self.metering.with_user(user).write({"member_ids": [Command.link(user.id)]})
        self.metering.with_user(self.meter_head).write({"assignment_method": "least_loaded"})
        self.metering.with_user(self.admin_user).write({"assignment_method": "manual"})
        self.assertEqual(self.metering.assignment_method, "manual")

    def test_other_company(self):
        """Departments and services of a company the user is not allowed in are invisible, even to managers."""
        other_company = self.env["res.company"].create({"name": "თელმიკო 2"})
        department = self.env["telmico.service.department"].create({"name": "ფილიალი", "company_id": other_company.id})
        service = self._transfer()
        service.sudo().company_id = other_company
        ours = self._transfer()
        for user in (self.boss, self.admin_user):
            self.assertEqual(
                self.env["telmico.service"].with_user(user).search([("id", "in", (service | ours).ids)]), ours
            )
            self.assertNotIn(department, self.env["telmico.service.department"].with_user(user).search([]))
            with self.assertRaises(AccessError):
                service.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                department.with_user(user).read(["name"])
        self.admin_user.company_ids = [Command.link(other_company.id)]
        self.assertEqual(department.with_user(self.admin_user).name, "ფილიალი", "allowed in both companies")
        self.assertEqual(service.with_user(self.admin_user).template_id, self.transfer)
