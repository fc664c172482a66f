# isort: skip_file
from . import kb_search
