from . import telmico_request_mass_update
from . import telmico_request_reassign
