from . import test_portal, test_security
