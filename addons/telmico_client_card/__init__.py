from . import controllers, models, wizards


def pre_init_hook(env):
    """Client search relies on trigram indexes: make sure pg_trgm exists (a trusted extension)."""
    env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
