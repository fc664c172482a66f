# isort: skip_file
from . import models
from . import tools
