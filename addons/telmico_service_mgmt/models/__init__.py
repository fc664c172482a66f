# isort: skip_file
# Order matters: a mixin must be defined before the models that _inherit it.
from . import telmico_assignment_mixin
from . import telmico_service_department
from . import telmico_service_category
from . import telmico_service_template
from . import telmico_service_template_field
from . import telmico_service_template_action
from . import telmico_service_template_stage
from . import telmico_service
from . import telmico_service_value
from . import telmico_service_action_line
from . import telmico_service_route_line
from . import telmico_service_change
from . import res_partner
from . import resource_calendar
from . import resource_calendar_attendance
from . import resource_calendar_leaves
