from . import test_audience, test_cabinet, test_compliance, test_security, test_triggers, test_ui
