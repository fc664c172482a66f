# isort: skip_file
from . import telmico_sms_counter_mixin
from . import telmico_sms_gateway
from . import telmico_sms_sender
from . import mail_notification
from . import sms_sms
from . import sms_template
