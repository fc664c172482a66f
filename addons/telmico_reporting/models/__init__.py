from . import (
    rating_rating,
    telmico_reporting_parameters,
    telmico_reporting_request_daily,
    telmico_reporting_schedule,
    telmico_request,
    telmico_service,
)
