# isort: skip_file
# Order matters: a mixin must be defined before the models that _inherit it.
from . import telmico_paid_signature_mixin
from . import account_chart_template
from . import account_move
from . import product_template
from . import res_company
from . import res_partner
from . import sale_order
from . import sale_order_line
from . import telmico_paid_contract_template
from . import telmico_paid_contract
from . import telmico_paid_act
from . import telmico_request
from . import telmico_service
