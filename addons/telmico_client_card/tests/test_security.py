from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import ClientCardCase


class TestSecurity(ClientCardCase):
    def test_user_edits_clients_but_does_not_delete(self):
        client = self.env["res.partner"].with_user(self.user).create({"name": "ლია ცინცაძე", "mobile": "599 55 44 33"})
        client.write({"street": "წერეთლის გამზირი 101"})
        with self.assertRaises(AccessError):
            client.unlink()
        client.with_user(self.supervisor).unlink()
        self.assertFalse(client.exists())

    def test_duplicates_report_for_supervisors(self):
        with self.assertRaises(AccessError):
            self.env["telmico.client.duplicate"].with_user(self.user).search([])
        self.env["telmico.client.duplicate"].with_user(self.supervisor).search([])

    def test_billing_configuration_for_administrators(self):
        for model in ("telmico.billing.backend", "telmico.billing.sync.run", "telmico.billing.outbox"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user).search([])
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.supervisor).search([])
            self.env[model].with_user(self.manager).search([])
        with self.assertRaises(AccessError):
            self.backend.with_user(self.user).read(["api_token"])

    def test_configuration_read_only_for_users(self):
        with self.assertRaises(AccessError):
            self.env["telmico.client.segment"].with_user(self.user).create({"name": "ახალი", "code": "new"})
        with self.assertRaises(AccessError):
            self.role_owner.with_user(self.supervisor).write({"name": "x"})
        self.env["telmico.link.role"].with_user(self.manager).create({"name": "მეურვე", "code": "guardian"})

    def test_debt_cases_by_role(self):
        client = self._client(name="ზურაბ ლომიძე")
        with self.assertRaises(AccessError):
            self.env["telmico.debt.case"].with_user(self.user).create({"name": "წს-1", "partner_id": client.id})
        case = (
            self.env["telmico.debt.case"].with_user(self.supervisor).create({"name": "წს-1", "partner_id": client.id})
        )
        self.assertEqual(case.user_id, self.supervisor)
        others = self.env["telmico.debt.case"].with_user(self.manager).create({"name": "წს-2", "partner_id": client.id})
        with self.assertRaises(AccessError):
            others.with_user(self.supervisor).write({"amount": 10})
        others.with_user(self.manager).write({"amount": 10})
        self.assertEqual(others.with_user(self.user).amount, 10, "users read every case")

    def test_billing_integration_is_the_only_writer(self):
        integration = new_test_user(
            self.env, login="billing_bot", groups="telmico_client_card.group_billing_integration"
        )
        with self.assertRaises(AccessError):
            self.sub1.with_user(integration).write({"tariff": "COM-1"})
        self.sub1.with_user(integration).with_context(telmico_billing_sync=True).write({"tariff": "COM-1"})
        self.assertEqual(self.sub1.tariff, "COM-1")
        with self.assertRaises(AccessError):
            self.sub1.with_user(self.manager).with_context(telmico_billing_sync=True).write({"tariff": "RES-1"})

    def test_portal_sees_only_own_subscribers(self):
        client = self._client(name="ეთერ ბერიძე", email="eter@example.ge")
        self.env["telmico.subscriber.link"].create(
            {"partner_id": client.id, "subscriber_id": self.sub1.id, "role_id": self.role_owner.id}
        )
        portal = new_test_user(self.env, login="eter@example.ge", groups="base.group_portal", partner_id=client.id)
        Subscriber = self.env["telmico.subscriber"].with_user(portal)
        self.assertEqual(Subscriber.search([]), self.sub1)
        self.assertEqual(self.sub1.with_user(portal).charge_ids, self.sub1.charge_ids)
        self.assertEqual(self.env["telmico.subscriber.payment"].with_user(portal).search([]), self.sub1.payment_ids)
        with self.assertRaises(AccessError):
            self.sub2.with_user(portal).read(["balance"])
        with self.assertRaises(AccessError):
            self.sub1.with_user(portal).write({"tariff": "x"})
        self.assertEqual(self.env["telmico.subscriber.link"].with_user(portal).search([]).partner_id, client)
