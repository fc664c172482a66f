from . import telmico_api_key_create, telmico_api_key_show
