# isort: skip_file
from . import mail_mail
from . import mailing_mailing
from . import mailing_trace
from . import res_config_settings
from . import res_partner
from . import telmico_mailing_audience
from . import telmico_mailing_mailbox
from . import telmico_mailing_message
from . import telmico_mailing_trigger
from . import telmico_mailing_trigger_log

# after the models whose tables its view reads (telmico_mailing_message)
from . import telmico_communication
