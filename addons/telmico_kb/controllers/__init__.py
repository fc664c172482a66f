# isort: skip_file
from . import help
