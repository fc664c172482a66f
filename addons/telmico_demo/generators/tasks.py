import random
from datetime import timedelta

from odoo import fields
from odoo.fields import Command

from .bank_statement import BankStatementDemo

# logins of the demo's managers of management tasks, and of the staff who get them
MANAGERS = ("supervisor",)
ASSIGNEES = ("charges_head", "metering_head", "legal_head", "finance_head", "care_head", "operator", "desk_1")
# (title, days to the deadline from today: negative is overdue, priority, stage xmlid)
TASKS = [
    ("კვარტალური ანგარიშის მომზადება მარეგულირებლისთვის", 5, "1", "task_type_in_progress"),
    ("ცხელი ხაზის ოპერატორების ცვლების გეგმა დეკემბრისთვის", 2, "0", "task_type_new"),
    ("საჩივრების რეესტრის შემოწმება ვადების მიხედვით", -3, "2", "task_type_in_progress"),
    ("ახალი ტარიფების შესახებ ცოდნის ბაზის სტატიის განახლება", -1, "1", "task_type_new"),
    ("მრიცხველების ჩანაცვლების გრაფიკის შეთანხმება", 10, "0", "task_type_review"),
    ("დავალიანების მქონე აბონენტების სიის გადახედვა", -6, "1", "task_type_in_progress"),
    ("მომსახურების ცენტრის რიგების ანალიზი", 1, "0", "task_type_new"),
    ("SMS შეტყობინებების შაბლონების შემოწმება", 7, "0", "task_type_done"),
    ("იურიდიულ დეპარტამენტთან სასამართლო საქმეების სტატუსის შეხვედრა", -2, "2", "task_type_review"),
    ("ოპერატორების ტრენინგი კონფლიქტური ზარების მართვაზე", 14, "0", "task_type_new"),
    ("ბილინგის სინქრონიზაციის შეცდომების ანალიზი", 0, "1", "task_type_in_progress"),
    ("წლიური ბიუჯეტის პროექტი მომსახურების დეპარტამენტისთვის", 21, "0", "task_type_cancelled"),
]
FROM_REQUESTS = [
    "მომართვის გამო: ზედამხედველობის შემოწმება",
    "მომართვის გამო: კლიენტთან ხელახლა დაკავშირება",
    "მომართვის გამო: დარიცხვის ხელახალი გაანგარიშება",
]


class TasksDemo(BankStatementDemo):
    """Management tasks: the supervisor manages them; department heads and agents get tasks with deadlines
    (some overdue), priorities and stages, a few made from requests and services."""

    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        stats = super()._generate(size=size, seed=seed, billing_url=billing_url, commit=commit)
        stats["tasks"] = self.with_context(tracking_disable=True, mail_create_nolog=True)._generate_tasks(seed or 1)
        return stats

    def _generate_tasks(self, seed):
        project = self.env.ref("telmico_tasks.project_management")
        Task = self.env["project.task"]
        if Task.search_count([("project_id", "=", project.id)], limit=1):
            return 0
        Users = self.env["res.users"]
        managers = Users.search([("login", "in", MANAGERS)])
        managers.write({"groups_id": [Command.link(self.env.ref("telmico_tasks.group_tasks_manager").id)]})
        staff = Users.search([("login", "in", ASSIGNEES)], order="login")
        if not staff:
            return 0
        rng = random.Random(seed)
        today = fields.Datetime.now().replace(hour=14, minute=0, second=0, microsecond=0)
        values = []
        for title, days, priority, stage in TASKS:
            assignees = staff[rng.randrange(len(staff))]
            if rng.random() < 0.3:
                assignees |= staff[rng.randrange(len(staff))]
            values.append(
                {
                    "name": title,
                    "project_id": project.id,
                    "user_ids": [Command.set(assignees.ids)],
                    "date_deadline": today + timedelta(days=days),
                    "priority": priority,
                    "stage_id": self.env.ref(f"telmico_tasks.{stage}").id,
                }
            )
        requests = self.env["telmico.request"].search(
            [("state", "not in", ("draft", "cancelled"))], order="id", limit=3
        )
        for title, request in zip(FROM_REQUESTS, requests, strict=False):
            values.append(
                {
                    "name": f"{title} ({request.name})",
                    "project_id": project.id,
                    "request_id": request.id,
                    "user_ids": [Command.set(staff[rng.randrange(len(staff))].ids)],
                    "date_deadline": today + timedelta(days=rng.randint(-2, 6)),
                    "priority": "1",
                }
            )
        service = self.env["telmico.service"].search([("state", "=", "in_progress")], order="id", limit=1)
        if service:
            values.append(
                {
                    "name": f"მომსახურების ვადის კონტროლი: {service.name}",
                    "project_id": project.id,
                    "service_id": service.id,
                    "request_id": service.request_id.id,
                    "user_ids": [Command.set(staff[:1].ids)],
                    "date_deadline": service.date_deadline or today + timedelta(days=3),
                    "priority": "2",
                }
            )
        return len(Task.with_context(mail_auto_subscribe_no_notify=True).create(values))
