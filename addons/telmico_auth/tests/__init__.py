# isort: skip_file
from . import test_signup
from . import test_self_registration
from . import test_login_throttle
from . import test_security
from . import test_ui
from . import test_sms_gateway
