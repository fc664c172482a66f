from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user


class ServiceCase(TransactionCase):
    """Departments with heads and employees, templates of every kind, a client with a subscriber."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        group = "telmico_service_mgmt.group_service_mgmt_user"
        head = "telmico_service_mgmt.group_service_mgmt_head"
        cls.operator = new_test_user(cls.env, login="sm_operator", groups=group, name="ნინო ოპერატორი")
        cls.charges_head = new_test_user(cls.env, login="sm_charges_head", groups=head, name="თამარ უფროსი")
        cls.clerk1 = new_test_user(cls.env, login="sm_clerk1", groups=group, name="ლევან")
        cls.clerk2 = new_test_user(cls.env, login="sm_clerk2", groups=group, name="ნათია")
        cls.meter_head = new_test_user(cls.env, login="sm_meter_head", groups=head)
        cls.meter1 = new_test_user(cls.env, login="sm_meter1", groups=group)
        cls.boss = new_test_user(cls.env, login="sm_boss", groups="telmico_service_mgmt.group_service_mgmt_manager")
        cls.admin_user = new_test_user(
            cls.env, login="sm_admin", groups="telmico_service_mgmt.group_service_mgmt_admin"
        )
        Department = cls.env["telmico.service.department"]
        cls.charges = Department.create(
            {
                "name": "დარიცხვები",
                "manager_id": cls.charges_head.id,
                "escalation_user_id": cls.boss.id,
                "member_ids": [Command.set([cls.clerk1.id, cls.clerk2.id])],
                "assignment_method": "manual",
            }
        )
        cls.metering = Department.create(
            {
                "name": "აღრიცხვა",
                "manager_id": cls.meter_head.id,
                "member_ids": [Command.set([cls.meter1.id])],
                "assignment_method": "round_robin",
            }
        )
        cls.subscriber = mirror_subscribers(cls.env, (0, {"number": "1000000001", "balance": "120.00"}))
        cls.client = cls.env["res.partner"].create(
            {"first_name": "გიორგი", "last_name": "ბერიძე", "mobile": "599 12 34 56", "email": "giorgi@example.ge"}
        )
        link_client(cls.env, cls.client, cls.subscriber)
        Template = cls.env["telmico.service.template"]
        cls.consultation = Template.create(
            {
                "name": "ტარიფის კონსულტაცია",
                "kind": "simple",
                "field_ids": [
                    Command.create(
                        {
                            "name": "თემა",
                            "key": "topic",
                            "field_type": "selection",
                            "required": True,
                            "selection_values": "საყოფაცხოვრებო\nკომერციული",
                        }
                    )
                ],
                "action_ids": [
                    Command.create({"kind": "hint", "name": "აცნობეთ დავალიანება", "condition": "debt"}),
                    Command.create({"kind": "hint", "name": "შეამოწმეთ პირადობა", "condition": "unconfirmed"}),
                    Command.create({"kind": "mandatory", "name": "დაადასტურეთ ტელეფონი"}),
                ],
                "report_ids": [Command.link(cls.env.ref("telmico_service_mgmt.action_report_service_certificate").id)],
            }
        )
        cls.transfer = Template.create(
            {
                "name": "თანხის გადატანა",
                "kind": "complex",
                "reminder_hours": 4,
                "field_ids": [
                    Command.create({"name": "თანხა", "key": "amount", "field_type": "monetary", "required": True}),
                    Command.create({"name": "სად", "key": "to_subscriber", "field_type": "char", "required": True}),
                    Command.create({"name": "აღწერა", "key": "note", "field_type": "text"}),
                ],
                "stage_ids": [
                    Command.create(
                        {"name": "შემოწმება", "department_id": cls.charges.id, "deadline_hours": 16, "sequence": 1}
                    ),
                    Command.create(
                        {"name": "აღრიცხვა", "department_id": cls.metering.id, "deadline_hours": 8, "sequence": 2}
                    ),
                ],
            }
        )

    def _service(self, template, user=None, **values):
        service = (
            self.env["telmico.service"]
            .with_user(user or self.operator)
            .create({"template_id": template.id, "partner_id": self.client.id, "subscriber_id": self.subscriber.id})
        )
        for key, vals in values.items():
            service.value_ids.filtered(lambda v, key=key: v.key == key).write(vals)
        return service

    def _transfer(self, user=None):
        return self._service(
            self.transfer, user, amount={"value_monetary": 50}, to_subscriber={"value_char": "1000000002"}
        )

    def flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()
