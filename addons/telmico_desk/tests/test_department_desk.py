from datetime import timedelta

from odoo import fields
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from .common import DeskCase


class TestDepartmentHeadDesk(DeskCase):
    """The department head sees the department's incoming and overdue services on the Desk and gives them out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        service_user = "telmico_service_mgmt.group_service_mgmt_user"
        cls.head = mail_new_test_user(
            cls.env, login="desk_dept_head", groups="telmico_service_mgmt.group_service_mgmt_head", name="თამარ უფროსი"
        )
        cls.clerk1 = mail_new_test_user(cls.env, login="desk_clerk1", groups=service_user, name="ლევან მაისურაძე")
        cls.clerk2 = mail_new_test_user(cls.env, login="desk_clerk2", groups=service_user, name="ნათია ლომიძე")
        Department = cls.env["telmico.service.department"]
        cls.charges = Department.create(
            {
                "name": "დარიცხვები",
                "manager_id": cls.head.id,
                "member_ids": [Command.set([cls.clerk1.id, cls.clerk2.id])],
                "assignment_method": "manual",
            }
        )
        cls.legal = Department.create({"name": "იურიდიული", "member_ids": [Command.set([cls.clerk2.id])]})
        Template = cls.env["telmico.service.template"]

        def complex_template(name, department):
            return Template.create(
                {
                    "name": name,
                    "kind": "complex",
                    "notify_client": False,
                    "stage_ids": [Command.create({"name": "შესრულება", "department_id": department.id})],
                }
            )

        cls.tpl_transfer = complex_template("თანხის გადატანა", cls.charges)
        cls.tpl_court = complex_template("სასამართლო საქმე", cls.legal)

    def _service(self, template=None):
        service = self.env["telmico.service"].create(
            {"template_id": (template or self.tpl_transfer).id, "partner_id": self.client.id}
        )
        service.action_register()
        return service

    def test_the_head_sees_unassigned_and_overdue_services(self):
        incoming = self._service()
        overdue = self._service()
        overdue._assign(self.clerk1)
        overdue.date_deadline = fields.Datetime.now() - timedelta(hours=2)
        on_time = self._service()
        on_time._assign(self.clerk2)
        self._service(self.tpl_court)  # another department's
        desk = self.desk(self.head)
        self.assertNotIn("my_requests", desk, "a head of the back office has no request blocks")
        block = desk["department"]
        self.assertEqual(set(self.item_ids(block)), {incoming.id, overdue.id})
        self.assertEqual((block["count"], block["alert"]), (2, 1))
        items = {item["id"]: item for item in block["items"]}
        self.assertEqual(
            [button["method"] for button in items[incoming.id]["buttons"]], ["action_distribute", "action_assign"]
        )
        self.assertEqual(items[incoming.id]["badge"], "To distribute")
        self.assertEqual([button["method"] for button in items[overdue.id]["buttons"]], ["action_assign"])
        self.assertEqual(items[overdue.id]["badge"], "Overdue")
        self.assertIn(self.clerk1.name, items[overdue.id]["subtitle"])
        data = self.env["telmico.desk"].with_user(self.head).get_desk_data()
        self.assertFalse(data["user"]["is_agent"], "no New request button")
        self.assertEqual(data["user"]["teams"], [self.charges.name])
        for user in (self.clerk1, self.agent, self.leader):
            self.assertNotIn("department", self.desk(user), f"{user.name} heads no department")

    def test_distribute_in_one_click(self):
        self._service()._assign(self.clerk1)  # clerk1 is busier
        incoming = self._service()
        before = self.last_bus_id()
        self.env["telmico.desk"].with_user(self.head).desk_call("telmico.service", incoming.id, "action_distribute")
        self.assertEqual(incoming.user_id, self.clerk2, "the least loaded member (the head distributes by hand)")
        self.assertEqual(incoming.current_route_line_id.user_id, self.clerk2)
        refreshed = self.desk_refreshes(before)
        self.assertIn(self.clerk2.partner_id, refreshed, "the executor's Desk lists it")
        self.assertIn(self.head.partner_id, refreshed, "the head's Desk drops it")
        self.assertNotIn(incoming.id, self.item_ids(self.desk(self.head)["department"]))
        self.assertIn(incoming.id, self.item_ids(self.desk(self.clerk2)["my_services"]))
        # by the department's own rule when it has one
        self.charges.assignment_method = "round_robin"
        self.charges.last_assigned_user_id = self.clerk2
        later = self._service()  # routed at once by round robin
        self.assertEqual(later.user_id, self.clerk1)

    def test_assign_to_a_chosen_member_from_the_desk(self):
        incoming = self._service()
        action = (
            self.env["telmico.desk"].with_user(self.head).desk_call("telmico.service", incoming.id, "action_assign")
        )
        self.assertEqual((action["res_model"], action["target"]), ("telmico.service.assign", "new"))
        wizard = (
            self.env["telmico.service.assign"]
            .with_user(self.head)
            .with_context(**action["context"])
            .create({"user_id": self.clerk1.id})
        )
        self.assertEqual(wizard.allowed_user_ids, self.clerk1 | self.clerk2 | self.head)
        wizard.action_confirm()
        self.assertEqual(incoming.user_id, self.clerk1)

    def test_only_the_head_gives_services_out(self):
        incoming = self._service()
        desk = self.env["telmico.desk"]
        with self.assertRaises(AccessError, msg="not a button of the clerk's Desk"):
            desk.with_user(self.clerk1).desk_call("telmico.service", incoming.id, "action_distribute")
        with self.assertRaises(AccessError):
            incoming.with_user(self.clerk1).action_distribute()
        desk.with_user(self.head).desk_call("telmico.service", incoming.id, "action_distribute")
        with self.assertRaisesRegex(UserError, "no longer on your Desk"):
            desk.with_user(self.head).desk_call("telmico.service", incoming.id, "action_distribute")

    def test_a_new_service_refreshes_the_head_desk(self):
        before = self.last_bus_id()
        self._service()
        self.assertIn(self.head.partner_id, self.desk_refreshes(before))
