# isort: skip_file
from . import telmico_assignment_mixin
from . import telmico_service_department
from . import telmico_service_template
from . import telmico_service
from . import res_partner
from . import telmico_demo
