# isort: skip_file
from . import test_desk
from . import test_department_desk
from . import test_livechat
from . import test_mail_gateway
from . import test_portal
from . import test_request
from . import test_security
from . import test_ui
from . import test_sla
from . import test_routing
from . import test_automation
from . import test_collaboration
from . import test_notifications
from . import test_query_plans
from . import test_work_sessions
from . import test_service_waiting
from . import test_service_offer
