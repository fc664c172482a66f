# isort: skip_file
from . import tools
