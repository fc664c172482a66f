from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.fields import Command

from .common import ServiceCase


class TestRouting(ServiceCase):
    def _register_many(self, n):
        services = self.env["telmico.service"]
        for _i in range(n):
            service = self._transfer()
            service.action_register()
            services |= service
        return services

    def test_manual_head_distributes(self):
        service = self._register_many(1)
        self.assertFalse(service.user_id)
        activity = service.activity_ids
        self.assertEqual(activity.user_id, self.charges_head, "the head is asked to distribute")
        queue = (
            self.env["telmico.service"]
            .with_user(self.charges_head)
            .search([("department_id", "=", self.charges.id), ("user_id", "=", False)])
        )
        self.assertEqual(queue, service, "the head sees the incoming service")
        service.with_user(self.charges_head).user_id = self.clerk2
        self.assertEqual(service.user_id, self.clerk2)
        mine = self.env["telmico.service"].with_user(self.clerk2).search([("user_id", "=", self.clerk2.id)])
        self.assertEqual(mine, service, "the employee sees the service sent to them")

    def test_only_members_take(self):
        service = self._register_many(1)
        with self.assertRaises(AccessError):
            service.with_user(self.meter1).action_take()

    def test_round_robin(self):
        self.charges.assignment_method = "round_robin"
        services = self._register_many(4)
        self.assertEqual(
            [s.user_id.id for s in services], [self.clerk1.id, self.clerk2.id, self.clerk1.id, self.clerk2.id]
        )

    def test_least_loaded(self):
        self.charges.assignment_method = "least_loaded"
        busy = self._register_many(1)
        busy.user_id = self.clerk1
        extra = self._register_many(1)
        extra.user_id = self.clerk1
        services = self._register_many(3)
        self.assertEqual(
            [s.user_id.id for s in services],
            [self.clerk2.id, self.clerk2.id, self.clerk1.id],
            "2 open each after the second",
        )

    def test_absent_members_skipped(self):
        self.charges.assignment_method = "round_robin"
        resource = self.env["resource.resource"].create(
            {"name": self.clerk1.name, "user_id": self.clerk1.id, "calendar_id": self.charges.calendar_id.id}
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "შვებულება",
                "resource_id": resource.id,
                "calendar_id": self.charges.calendar_id.id,
                "date_from": fields.Datetime.now() - timedelta(days=1),
                "date_to": fields.Datetime.now() + timedelta(days=5),
            }
        )
        services = self._register_many(2)
        self.assertEqual(services.mapped("user_id"), self.clerk2)

    def test_nobody_available_falls_back_to_the_head(self):
        self.charges.write({"assignment_method": "least_loaded", "member_ids": [Command.clear()]})
        service = self._register_many(1)
        self.assertFalse(service.user_id)
        self.assertEqual(service.activity_ids.user_id, self.charges_head)
