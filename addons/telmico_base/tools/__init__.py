# isort: skip_file
from . import georgian, signature
