from . import rs_client
