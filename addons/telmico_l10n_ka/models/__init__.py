from . import ir_http
from . import ir_module_module
