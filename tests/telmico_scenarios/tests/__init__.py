from . import test_environment, test_mail_catcher, test_paid_service_statement, test_translations
