from . import test_environment, test_mail_catcher, test_translations
