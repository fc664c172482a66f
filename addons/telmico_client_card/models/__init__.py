# isort: skip_file
# Order matters: a mixin must be defined before the models that _inherit it.
from . import telmico_billing_mirror_mixin
from . import telmico_outbox_mixin
from . import res_partner
from . import res_config_settings
from . import telmico_client_segment
from . import telmico_link_role
from . import telmico_subscriber
from . import telmico_subscriber_charge
from . import telmico_subscriber_payment
from . import telmico_subscriber_receipt
from . import telmico_subscriber_link
from . import telmico_debt_case
from . import telmico_client_duplicate
from . import telmico_communication
from . import telmico_billing_backend
from . import telmico_billing_sync_run
from . import telmico_billing_sync_error
from . import telmico_billing_outbox
