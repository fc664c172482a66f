# isort: skip_file
from . import home
from . import register
