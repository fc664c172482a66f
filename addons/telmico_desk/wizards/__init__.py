from . import telmico_request_mass_update, telmico_request_reassign
