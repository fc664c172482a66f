from . import test_measures
from . import test_daily
from . import test_reports
