from . import dispatcher, models, wizards


def post_init_hook(env):
    """Register the /api/v1 routes of the shipped endpoint (the endpoint registry is told on a write, not on
    the creation of the data record)."""
    env.ref("telmico_api.fastapi_endpoint_api")._handle_registry_sync()
