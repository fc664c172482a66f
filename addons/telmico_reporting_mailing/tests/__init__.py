from . import test_mailing_dashboard
