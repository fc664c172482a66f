from . import test_daily, test_measures, test_reports
