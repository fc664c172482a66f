from . import telmico_service_ask_client, telmico_service_assign
