from . import test_livechat
from . import test_mail_gateway
from . import test_request
from . import test_security
