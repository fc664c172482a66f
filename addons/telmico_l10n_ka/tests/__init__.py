from . import test_core_terms
from . import test_formats
