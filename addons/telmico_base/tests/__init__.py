# isort: skip_file
from . import test_georgian, test_signature
