import random
from datetime import timedelta

from odoo import fields
from odoo.fields import Command

from .clients import ClientsDemo

# (login, name, department code, head?)
STAFF = [
    ("charges_head", "თამარ გელაშვილი", "charges", True),
    ("charges_1", "ლევან მაისურაძე", "charges", False),
    ("charges_2", "ნათია ლომიძე", "charges", False),
    ("metering_head", "ზურაბ ჩხეიძე", "metering", True),
    ("metering_1", "გიორგი ტაბატაძე", "metering", False),
    ("metering_2", "ირაკლი ბოლქვაძე", "metering", False),
    ("legal_head", "ეკატერინე აბაშიძე", "legal", True),
    ("legal_1", "ნიკოლოზ ჯანელიძე", "legal", False),
    ("finance_head", "მაია ცინცაძე", "finance", True),
    ("finance_1", "დავით კიკნაძე", "finance", False),
    ("care_head", "ხატია შენგელია", "care", True),
]
# the departments of the starter catalogue (telmico_service_mgmt data), with the demo's way of assigning
DEPARTMENTS = {
    "charges": "least_loaded",
    "metering": "round_robin",
    "legal": "manual",
    "finance": "manual",
    "care": "manual",
}
# topics: the catalogue's by their key, and the demo's own
CATEGORIES = {
    "კონსულტაცია": None,
    "დოკუმენტები": "documents",
    "გადახდები და დარიცხვები": "payments",
    "აღრიცხვა და მრიცხველები": "metering",
    "მონაცემების ცვლილება": "data",
    "ჩართვა-გათიშვა": "connection",
}


class ServicesDemo(ClientsDemo):
    """The service module's demo: staff in the catalogue's departments, more templates, services in every state."""

    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        stats = super()._generate(size=size, seed=seed, billing_url=billing_url, commit=commit)
        demo = self.with_context(mail_notify_force_send=False)
        departments = demo._generate_departments()
        templates = demo._generate_service_templates(departments)
        stats["service_templates"] = len(templates)
        stats["services"] = demo._generate_services(templates, size, seed or 1)
        # demo addresses are fictitious: the notifications stay in the chatters, none is mailed
        # sudo: every user's queued notifications, as the mail queue's cron sees them
        self.env["mail.mail"].sudo().search([("state", "=", "outgoing"), ("model", "=", "telmico.service")]).write(
            {"state": "cancel"}
        )
        return stats

    def _generate_departments(self):
        Users = self.env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
        user_group = self.env.ref("telmico_service_mgmt.group_service_mgmt_user")
        head_group = self.env.ref("telmico_service_mgmt.group_service_mgmt_head")
        lang = "ka_GE" if self.env["res.lang"]._lang_get("ka_GE") else "en_US"
        departments = {}
        for code, method in DEPARTMENTS.items():
            departments[code] = self.env.ref(f"telmico_service_mgmt.service_department_{code}")
            departments[code].assignment_method = method
        for login, name, code, head in STAFF:
            user = Users.search([("login", "=", login)], limit=1) or Users.create(
                {
                    "login": login,
                    "password": login,
                    "name": name,
                    "lang": lang,
                    "tz": "Asia/Tbilisi",
                    "groups_id": [Command.link((head_group if head else user_group).id)],
                }
            )
            department = departments[code]
            department.member_ids = [Command.link(user.id)]
            if head:
                department.manager_id = user
        departments["charges"].escalation_user_id = self.env.ref("base.user_admin")
        operator = Users.search([("login", "=", "operator")], limit=1)
        if operator:
            operator.groups_id = [Command.link(user_group.id)]
        return departments

    def _generate_service_templates(self, departments):
        """The starter catalogue's templates and the demo's own (consultations, disputes, refunds, ...)."""
        Template = self.env["telmico.service.template"]
        if Template.search_count([]) >= 15:
            return Template.search([])
        cats = {}
        for i, (name, key) in enumerate(CATEGORIES.items()):
            cats[name] = (
                self.env.ref(f"telmico_service_mgmt.service_category_{key}")
                if key
                else self.env["telmico.service.category"].create({"name": name, "sequence": i})
            )
        certificate = self.env.ref("telmico_service_mgmt.action_report_service_certificate")

        def f(name, key, ftype="char", required=False, help=None, choices=None, public=False):
            return Command.create(
                {
                    "name": name,
                    "key": key,
                    "field_type": ftype,
                    "required": required,
                    "help": help,
                    "selection_values": choices,
                    "public": public,
                }
            )

        def hint(text, condition="always", mandatory=False):
            return Command.create({"name": text, "condition": condition, "kind": "mandatory" if mandatory else "hint"})

        def stage(name, dept, hours):
            return Command.create({"name": name, "department_id": departments[dept].id, "deadline_hours": hours})

        debt_hint = hint("აცნობეთ კლიენტს დავალიანების შესახებ და შესთავაზეთ გადახდის გეგმა.", "debt")
        confirm_phone = hint("დაადასტურეთ კლიენტის მობილურის ნომერი.", "always", True)
        confirm_id = hint("შეამოწმეთ პირადობის დამადასტურებელი დოკუმენტი.", "unconfirmed", True)
        specs = [
            (
                "ტარიფის შესახებ კონსულტაცია",
                "კონსულტაცია",
                "simple",
                [
                    f(
                        "კითხვის თემა",
                        "topic",
                        "selection",
                        True,
                        choices="საყოფაცხოვრებო ტარიფი\nკომერციული ტარიფი\nსაფეხურები",
                    )
                ],
                [debt_hint],
                [],
                {},
            ),
            (
                "ცნობა გადახდების შესახებ",
                "დოკუმენტები",
                "simple",
                [f("პერიოდის დასაწყისი", "date_from", "date", True), f("პერიოდის დასასრული", "date_to", "date", True)],
                [confirm_id],
                [],
                {"reports": True},
            ),
            (
                "ბალანსის და დავალიანების შემოწმება",
                "კონსულტაცია",
                "simple",
                [f("აბონენტი", "subscriber", "subscriber", True)],
                [debt_hint],
                [],
                {},
            ),
            (
                "გადახდის შესახებ დავა",
                "გადახდები და დარიცხვები",
                "complex",
                [
                    f("გადახდის თარიღი", "paid_on", "date", True),
                    f("თანხა", "amount", "monetary", True),
                    f("ბანკი / არხი", "channel", "char", True),
                    f("ქვითარი", "receipt", "attachment", True),
                ],
                [confirm_phone],
                [stage("გადახდის მოძიება", "finance", 16), stage("დარიცხვის კორექტირება", "charges", 8)],
                {},
            ),
            (
                "მრიცხველის ჩვენების კორექტირება",
                "აღრიცხვა და მრიცხველები",
                "complex",
                [f("სწორი ჩვენება", "reading", "integer", True), f("ფოტო", "photo", "attachment", True)],
                [],
                [stage("ჩვენების შემოწმება", "metering", 16)],
                {},
            ),
            (
                "დეპოზიტის დაბრუნება",
                "გადახდები და დარიცხვები",
                "complex",
                [
                    f("ბანკის ანგარიში (IBAN)", "iban", "char", True),
                    f("თანხა", "amount", "monetary", True),
                    f("განცხადება", "application", "attachment", True),
                ],
                [confirm_id],
                [stage("დეპოზიტის გადამოწმება", "charges", 16), stage("თანხის ჩარიცხვა", "finance", 24)],
                {},
            ),
            (
                "ელექტროენერგიის დროებითი გათიშვა მოთხოვნით",
                "ჩართვა-გათიშვა",
                "complex",
                [f("გათიშვის თარიღი", "date", "date", True), f("მიზეზი", "reason", "text")],
                [confirm_id],
                [stage("გათიშვის დავალება", "metering", 16)],
                {},
            ),
            (
                "აბონენტის მონაცემების შეცვლა ბილინგში",
                "მონაცემების ცვლილება",
                "simple",
                [
                    f("ცვლილების საფუძველი", "basis", "char", True),
                    f("დამადასტურებელი დოკუმენტი", "document", "attachment", True),
                ],
                [confirm_id],
                [],
                {"change": "subscriber"},
            ),
        ]
        templates = Template.search([])
        for sequence, (name, cat, kind, flds, hints, stages, extra) in enumerate(specs):
            vals = {
                "name": name,
                "sequence": 100 + sequence,
                "category_id": cats[cat].id,
                "kind": kind,
                "field_ids": flds,
                "action_ids": [Command.create(dict(h[2])) for h in hints],
                "stage_ids": stages,
                "public": extra.get("public", False),
                "deadline_hours": extra.get("deadline", 0),
                "description": f"<p>{name}: შეავსეთ სავალდებულო ველები და მიჰყევით მინიშნებებს.</p>",
            }
            if extra.get("reports"):
                vals["report_ids"] = [Command.link(certificate.id)]
            if extra.get("change"):
                vals.update({"data_change": extra["change"], "approval_department_id": departments["care"].id})
            templates |= Template.create(vals)
        return templates

    def _generate_services(self, templates, size, seed):
        """Services in every state, a few overdue, registered by the demo operator over the last weeks."""
        rng = random.Random(seed)
        clients = self.env["res.partner"].search(
            [("ref", "=like", "C0%"), ("subscriber_link_ids", "!=", False)],
            limit=max(20, min(size // 20, 200)),
            order="id",
        )
        operator = self.env["res.users"].search([("login", "=", "operator")], limit=1) or self.env.user
        Service = self.env["telmico.service"].with_user(operator).with_context(tracking_disable=True, mail_notrack=True)
        created = 0
        for i, client in enumerate(clients):
            template = templates[i % len(templates)]
            if template.data_change != "none":
                continue
            service = Service.sudo().create(
                {"template_id": template.id, "partner_id": client.id, "subscriber_id": client.subscriber_ids[:1].id}
            )  # sudo: demo data spans departments
            for value in service.value_ids:
                value.write(self._demo_value(value, client, rng))
            service.action_line_ids.filtered(lambda a: a.kind == "mandatory").write({"done": True})
            service.action_register()
            if service.state == "in_progress" and i % 3 == 0:
                service.action_done()
            if service.state == "in_progress" and i % 7 == 0:
                service.date_deadline = fields.Datetime.now() - timedelta(hours=rng.randint(2, 60))
            created += 1
        return created

    @staticmethod
    def _demo_value(value, client, rng):
        if value.field_type == "selection":
            return {"value_selection": (value.selection_values or "").splitlines()[0]}
        return {
            "char": {"value_char": "2026-10"},
            "text": {"value_text": "კლიენტის განცხადებით."},
            "integer": {"value_integer": rng.randint(1000, 90000)},
            "float": {"value_float": rng.randint(1, 500)},
            "monetary": {"value_monetary": rng.randint(5, 400)},
            "date": {"value_date": fields.Date.today() - timedelta(days=rng.randint(1, 60))},
            "boolean": {"value_boolean": True},
            "subscriber": {"value_subscriber_id": client.subscriber_ids[:1].id},
            "attachment": {"value_attachment_ids": [Command.create({"name": "scan.pdf", "raw": b"%PDF-1.4 demo"})]},
            "receipt": {"value_receipt_id": client.subscriber_ids[:1].receipt_ids[:1].id},
        }[value.field_type]
