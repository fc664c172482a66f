from . import test_desk, test_security, test_ui
