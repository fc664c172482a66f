from . import ir_cron, telmico_cache_mixin
