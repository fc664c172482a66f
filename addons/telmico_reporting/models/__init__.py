from . import telmico_request
from . import telmico_reporting_request_daily
from . import telmico_reporting_parameters
from . import telmico_reporting_schedule
