from . import test_links, test_reminders, test_security, test_ui
