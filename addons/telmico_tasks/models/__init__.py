from . import project_project, project_task, telmico_request, telmico_service
