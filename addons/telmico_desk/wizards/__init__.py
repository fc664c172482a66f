from . import telmico_request_reassign
from . import telmico_request_mass_update
