from . import (
    mailing_mailing,
    mailing_trace,
    res_config_settings,
    res_partner,
    telmico_mailing_audience,
    telmico_mailing_message,
    telmico_mailing_trigger,
    telmico_mailing_trigger_log,
)
