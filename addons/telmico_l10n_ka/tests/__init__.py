from . import test_core_terms, test_formats
