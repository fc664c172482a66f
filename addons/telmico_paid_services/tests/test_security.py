from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import PaidServicesCase


@tagged("post_install", "-at_install")
class TestPaidServicesSecurity(PaidServicesCase):
    def test_roles_chain(self):
        """An administrator of the addon is also its user and holds the exception right; a user is neither."""
        user = new_test_user(
            self.env, login="paid_services_user", groups="telmico_paid_services.group_paid_services_user"
        )
        manager = new_test_user(
            self.env, login="paid_services_manager", groups="telmico_paid_services.group_paid_services_manager"
        )
        self.assertTrue(manager.has_group("telmico_paid_services.group_paid_services_user"))
        self.assertTrue(manager.has_group("telmico_paid_services.group_paid_services_release"))
        self.assertFalse(user.has_group("telmico_paid_services.group_paid_services_manager"))
        self.assertFalse(user.has_group("telmico_paid_services.group_paid_services_release"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("telmico_paid_services.group_paid_services_manager"))

    def test_portal_sees_only_own_documents(self):
        mine = self._sell()
        other = self._sell(client=self.other_client, subscriber=self.other_subscriber)
        Contract = self.env["telmico.paid.contract"]
        self.assertEqual(Contract.with_user(self.portal_user).search([]), mine.telmico_contract_ids)
        self.assertEqual(Contract.with_user(self.other_portal_user).search([]), other.telmico_contract_ids)
        with self.assertRaises(AccessError):
            other.telmico_contract_ids.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            mine.telmico_contract_ids.with_user(self.portal_user).write({"date_end": False})

    def test_portal_sees_only_own_acts(self):
        mine = self._sell()
        other = self._sell(client=self.other_client, subscriber=self.other_subscriber)
        Act = self.env["telmico.paid.act"]
        acts = Act.create([{"order_id": mine.id}, {"order_id": other.id}])
        self.assertEqual(Act.with_user(self.portal_user).search([]), acts[0])
        with self.assertRaises(AccessError):
            acts[1].with_user(self.portal_user).read(["name"])

    def test_operator_accountant_department(self):
        """The operator makes contracts but cannot delete them; the accountant reads them only; a department
        employee does not read them at all."""
        order = self._sell()
        contract = order.telmico_contract_ids
        with self.assertRaises(AccessError):
            contract.with_user(self.operator).unlink()
        self.assertEqual(contract.with_user(self.accountant).read(["name"])[0]["name"], contract.name)
        with self.assertRaises(AccessError):
            contract.with_user(self.accountant).write({"date_end": False})
        with self.assertRaises(AccessError):
            contract.with_user(self.executor).read(["name"])
        with self.assertRaises(AccessError):
            self.env["telmico.paid.contract.template"].with_user(self.operator).create({"name": "x"})

    def test_accountant_cannot_sign(self):
        order = self._sell()
        with self.assertRaises(AccessError):
            self._sign(order.telmico_contract_ids, user=self.accountant)
