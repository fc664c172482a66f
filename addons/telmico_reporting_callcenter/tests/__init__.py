from . import test_callcenter_dashboard
