from . import test_daily, test_dashboards, test_measures, test_reports
