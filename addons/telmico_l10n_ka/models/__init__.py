from . import ir_http, ir_module_module
