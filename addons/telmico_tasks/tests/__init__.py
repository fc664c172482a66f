from . import test_georgian, test_links, test_reminders, test_security, test_ui
