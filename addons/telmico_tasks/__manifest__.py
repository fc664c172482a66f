{
    "name": "Telmico Management Tasks",
    "version": "18.0.1.0.0",
    "category": "Telmico/Tasks",
    "summary": "Management tasks on Odoo Project: assignees, deadlines, reminders, control of overdue work, "
    "links to requests and services",
    "author": "Telmico",
    "website": "https://telmico.ge",
    "license": "LGPL-3",
    "depends": ["project", "telmico_desk"],
    "data": [
        "security/telmico_tasks_groups.xml",
        "security/telmico_tasks_security.xml",
        "data/telmico_tasks_data.xml",
        "data/ir_cron_data.xml",
        "views/project_task_views.xml",
        "views/telmico_request_views.xml",
        "views/telmico_service_views.xml",
        "views/telmico_tasks_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["telmico_tasks/static/tests/tours/*.js"],
    },
    "application": True,
    "installable": True,
}
