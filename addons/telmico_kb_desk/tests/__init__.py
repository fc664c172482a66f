# isort: skip_file
from . import test_desk
from . import test_portal
from . import test_ui
