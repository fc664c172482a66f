from . import test_catalogue, test_complaint, test_flow, test_georgian, test_security, test_ui
