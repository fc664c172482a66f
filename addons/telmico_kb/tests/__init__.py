# isort: skip_file
from . import test_portal
from . import test_search
from . import test_security
from . import test_suggest
from . import test_ui
from . import test_versions
from . import test_workflow
