from datetime import timedelta

from odoo import fields
from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import tbilisi_address

DESK_URL = "/odoo/action-telmico_desk.telmico_desk_action"


@tagged("post_install", "-at_install")
class TestDeskUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.operator = new_test_user(
            cls.env, login="desk_tour_operator", groups="telmico_desk.group_desk_user", name="ნინო ოპერატორი"
        )
        cls.team = cls.env["telmico.desk.team"].create(
            {"name": "Tour team", "member_ids": [Command.set([cls.operator.id])]}
        )
        subscriber = mirror_subscribers(cls.env, (0, {"number": "1000000001"}))
        cls.client = cls.env["res.partner"].create(
            {"first_name": "გიორგი", "last_name": "ბერიძე", "mobile": "599 12 34 56"}
        )
        link_client(cls.env, cls.client, subscriber)

    def test_take_an_email_from_the_desk(self):
        request = self.env["telmico.request"].create(
            {
                "subject": "Meter reading is wrong",
                "partner_id": self.client.id,
                "channel": "email",
                "state": "new",
                "team_id": self.team.id,
            }
        )
        self.start_tour(DESK_URL, "telmico_desk_tour", login="desk_tour_operator")
        self.assertEqual((request.user_id, request.state), (self.operator, "in_progress"))
        session = request.work_session_ids
        self.assertEqual((session.user_id, session.source), (self.operator, "take"), "taking it started the work")

    def test_register_a_request_with_two_services(self):
        Template = self.env["telmico.service.template"]
        for name, field in [("Meter reading check", "Reading"), ("Invoice copy", "Period")]:
            Template.create(
                {
                    "name": name,
                    "kind": "simple",
                    "notify_client": False,
                    "field_ids": [
                        Command.create({"name": field, "key": "value", "field_type": "char", "required": True})
                    ],
                }
            )
        self.start_tour(DESK_URL, "telmico_desk_new_request_tour", login="desk_tour_operator")
        request = self.env["telmico.request"].search([("create_uid", "=", self.operator.id)])
        self.assertEqual(len(request), 1)
        self.assertTrue(request.name.startswith("REQ-"))
        self.assertEqual(request.partner_id, self.client)
        self.assertEqual(request.subscriber_ids.mapped("number"), ["1000000001"])
        self.assertEqual(
            sorted(request.service_ids.mapped("template_id.name")), ["Invoice copy", "Meter reading check"]
        )
        self.assertEqual(set(request.service_ids.mapped("state")), {"closed"}, "simple services are done at once")
        self.assertTrue(all(name != "New" for name in request.service_ids.mapped("name")), "services are numbered")
        self.assertEqual(sorted(request.service_ids.value_ids.mapped("value_display")), ["2026-05", "77001234"])
        self.assertEqual(request.state, "resolved", "every service was done at the desk")
        self.assertTrue(request.handling_end)
        self.assertGreater(request.handling_minutes, 0)
        self.assertEqual(request.user_id, self.operator)

    def test_a_department_head_distributes_from_the_desk(self):
        head = new_test_user(
            self.env, login="desk_tour_head", groups="telmico_service_mgmt.group_service_mgmt_head", name="თამარ უფროსი"
        )
        service_user = "telmico_service_mgmt.group_service_mgmt_user"
        clerk1 = new_test_user(self.env, login="desk_tour_clerk1", groups=service_user, name="ლევან მაისურაძე")
        clerk2 = new_test_user(self.env, login="desk_tour_clerk2", groups=service_user, name="ნათია ლომიძე")
        department = self.env["telmico.service.department"].create(
            {"name": "დარიცხვები", "manager_id": head.id, "member_ids": [Command.set([clerk1.id, clerk2.id])]}
        )
        template = self.env["telmico.service.template"].create(
            {
                "name": "თანხის გადატანა",
                "kind": "complex",
                "notify_client": False,
                "stage_ids": [Command.create({"name": "შესრულება", "department_id": department.id})],
            }
        )
        other_client = self.env["res.partner"].create({"first_name": "ნანა", "last_name": "კაპანაძე"})
        services = self.env["telmico.service"]
        for client in (self.client, other_client):
            service = self.env["telmico.service"].create({"template_id": template.id, "partner_id": client.id})
            service.action_register()
            services |= service
        overdue, incoming = services
        overdue._assign(clerk1)
        overdue.date_deadline = fields.Datetime.now() - timedelta(hours=3)
        self.start_tour(DESK_URL, "telmico_desk_head_tour", login="desk_tour_head")
        self.assertEqual(incoming.user_id, clerk2, "distributed to the least loaded member")
        self.assertEqual(overdue.user_id, clerk2, "given to the chosen employee")

    def test_find_the_client_by_address_pickers(self):
        subscribers = mirror_subscribers(
            self.env,
            (10, {"number": "3000000001", **tbilisi_address("ვაკე", "ჭავჭავაძის გამზირი", "12", "5")}),
            (11, {"number": "3000000002", **tbilisi_address("ვაკე", "ჭავჭავაძის გამზირი", "12", "7")}),
            (12, {"number": "3000000003", **tbilisi_address("ვაკე", "აბაშიძის ქუჩა", "14", None)}),
            (13, {"number": "3000000004", **tbilisi_address("საბურთალო", "ვაჟა-ფშაველას გამზირი", "3", "5")}),
        )
        owner = self.env["res.partner"].create({"first_name": "დავით", "last_name": "ლომიძე", "mobile": "599 55 66 77"})
        link_client(self.env, owner, subscribers[1])
        self.start_tour(DESK_URL, "telmico_desk_address_tour", login="desk_tour_operator")


OUR_MODULES = ["telmico_client_card", "telmico_service_mgmt", "telmico_desk"]


@tagged("post_install", "-at_install")
class TestDeskUiGeorgian(HttpCase):
    """The front office in Georgian, as operators work all day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.env["res.lang"]._activate_lang("ka_GE")
        cls.env["ir.module.module"]._load_module_terms(OUR_MODULES, ["ka_GE"], overwrite=True)
        cls.operator = new_test_user(
            cls.env, login="desk_ka_operator", groups="telmico_desk.group_desk_user", name="ნინო ოპერატორი"
        )
        cls.operator.lang = "ka_GE"
        cls.team = cls.env["telmico.desk.team"].create(
            {"name": "ქართული გუნდი", "member_ids": [Command.set([cls.operator.id])]}
        )
        subscriber = mirror_subscribers(cls.env, (0, {"number": "1000000001"}))
        cls.client = cls.env["res.partner"].create(
            {"first_name": "გიორგი", "last_name": "ბერიძე", "mobile": "599 12 34 56"}
        )
        link_client(cls.env, cls.client, subscriber)
        # a common surname: more clients than the table shows at first, listed before him
        names = ["ნანა ბერიძე", "დავით ბერიძე"] + [f"ბერიძე {index:02d}" for index in range(22)]
        cls.env["res.partner"].create([{"name": name, "is_client": True} for name in names])

    def test_register_in_georgian_without_saving_by_hand(self):
        self.env["telmico.service.template"].create(
            {
                "name": "მრიცხველის შემოწმება",
                "kind": "simple",
                "notify_client": False,
                "field_ids": [
                    Command.create({"name": "ჩვენება", "key": "reading", "field_type": "char", "required": True}),
                    Command.create({"name": "ფოტო", "key": "photo", "field_type": "attachment"}),
                ],
            }
        )
        self.start_tour(DESK_URL, "telmico_desk_register_ka_tour", login="desk_ka_operator")
        request = self.env["telmico.request"].search([("create_uid", "=", self.operator.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual((request.partner_id, request.state), (self.client, "resolved"))
        self.assertEqual(request.service_ids.subscriber_id.number, "1000000001", "prefilled from the request")
        self.assertEqual(request.service_ids.value_ids.filtered("required").value_display, "77001234")

    def test_request_list_numbers_and_badges_whole(self):
        now = fields.Datetime.now()
        Request = self.env["telmico.request"]
        common = {"partner_id": self.client.id, "channel": "phone", "user_id": self.operator.id}
        late = Request.create({**common, "subject": "ვადაგადაცილებული პასუხი", "state": "new"})
        Request.create({**common, "subject": "ჩვეულებრივი", "state": "new"}).state = "in_progress"
        # the response deadline passed unanswered; the resolution deadline is still ahead
        late.write(
            {
                "sla_state": "breached",
                "sla_response_deadline": now - timedelta(hours=2),
                "sla_resolution_deadline": now + timedelta(days=2),
            }
        )
        self.start_tour(
            "/odoo/action-telmico_desk.telmico_request_action",
            "telmico_desk_request_list_tour",
            login="desk_ka_operator",
        )


@tagged("post_install", "-at_install")
class TestDeskUiPhone(HttpCase):
    """The Desk on a phone-size screen (390 x 844)."""

    browser_size = "390x844"
    touch_enabled = True

    def test_numbers_and_counters_whole_on_a_phone(self):
        self.env["res.lang"]._activate_lang("ka_GE")
        self.env["ir.module.module"]._load_module_terms(OUR_MODULES, ["ka_GE"], overwrite=True)
        operator = new_test_user(
            self.env(context=dict(self.env.context, no_reset_password=True)),
            login="desk_phone_operator",
            groups="telmico_desk.group_desk_user",
            name="ნინო ოპერატორი",
        )
        operator.lang = "ka_GE"
        client = self.env["res.partner"].create({"name": "გიორგი ბერიძე"})
        for index in range(3):
            request = self.env["telmico.request"].create(
                {
                    "subject": f"მრიცხველის ჩვენების გადამოწმება და ქვითრის ასლი {index}",
                    "partner_id": client.id,
                    "channel": "phone",
                    "state": "new",
                    "priority": "3",
                    "user_id": operator.id,
                }
            )
            request.state = "in_progress"
        self.start_tour(DESK_URL, "telmico_desk_phone_tour", login="desk_phone_operator")
