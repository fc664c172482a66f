# isort: skip_file
from . import test_cron_notify, test_georgian, test_signature
