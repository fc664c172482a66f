from . import test_environment, test_translations
