from . import test_environment
