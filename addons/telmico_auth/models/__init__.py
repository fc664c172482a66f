# isort: skip_file
from . import res_users
from . import telmico_auth_login_throttle
from . import telmico_auth_registration
