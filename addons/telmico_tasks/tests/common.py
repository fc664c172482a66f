from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.telmico_desk.tests.common import DeskCase


class TasksCase(DeskCase):
    """The desk's world (agents, a client, service templates) with a manager of management tasks, two staff
    members (the desk's agents: every CRM employee is task staff), a portal user and the management project."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = mail_new_test_user(
            cls.env,
            login="tasks_manager",
            groups="telmico_desk.group_desk_manager,telmico_service_mgmt.group_service_mgmt_manager,"
            "telmico_tasks.group_tasks_manager",
            name="ლევან მენეჯერი",
        )
        cls.staff, cls.staff2 = cls.agent, cls.agent2
        cls.portal = mail_new_test_user(cls.env, login="tasks_portal", groups="base.group_portal", name="პორტალი")
        cls.project = cls.env.ref("telmico_tasks.project_management")
        cls.stage_new = cls.env.ref("telmico_tasks.task_type_new")
        cls.stage_done = cls.env.ref("telmico_tasks.task_type_done")

    @classmethod
    def _task(cls, user=None, **values):
        """A management task created by ``user`` (the manager by default)."""
        Task = cls.env["project.task"].with_user(user or cls.manager)
        return Task.create({"name": "ანგარიშის მომზადება", "project_id": cls.project.id, **values})
