# isort: skip_file
from . import telmico_request_wizard_mixin
from . import telmico_request_mass_update
from . import telmico_request_merge
from . import telmico_request_reassign
from . import telmico_service_ask_client
