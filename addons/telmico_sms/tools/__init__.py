# isort: skip_file
from . import sms_text
from . import numbers
from . import gateway_api
