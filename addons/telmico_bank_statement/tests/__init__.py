from . import test_georgian, test_statement_import
