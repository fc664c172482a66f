# isort: skip_file
from . import mail_thread
from . import ir_attachment
from . import telmico_desk_team
from . import telmico_request_category
from . import telmico_request_tag
from . import telmico_request
from . import telmico_request_client_match
from . import telmico_request_viewer
from . import telmico_request_work_session
from . import telmico_service
from . import res_partner
from . import res_company
from . import discuss_channel
from . import telmico_desk
from . import telmico_desk_sla
from . import telmico_desk_routing_rule
from . import telmico_desk_webhook_message
