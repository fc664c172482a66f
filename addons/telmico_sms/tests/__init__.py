# isort: skip_file
from . import test_sms_text
from . import test_gateway
from . import test_resume
from . import test_security
from . import test_report
from . import test_transliteration_choice
from . import test_inbound
from . import test_report_polling
