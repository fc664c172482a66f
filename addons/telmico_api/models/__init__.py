from . import fastapi_endpoint, ir_http, res_lang, telmico_api_idempotency, telmico_api_key, telmico_api_rate
