from odoo import models
from odoo.http import request

from ..dispatcher import TelmicoApiDispatcher, error_status_body


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """A path under the API that matches no Odoo route at all (e.g. a path parameter with a line break, which
        Odoo's router refuses before the API sees it) is answered in the API's JSON error format, not Odoo's HTML
        page."""
        if request and not isinstance(request.dispatcher, TelmicoApiDispatcher):
            # sudo: which endpoint a path belongs to is routing, not data of the caller
            endpoint = request.env["fastapi.endpoint"].sudo()._get_endpoint(request.httprequest.path)
            if endpoint and endpoint.app == "telmico":
                status, body, headers = error_status_body(exception)
                return request.make_json_response(body, status=status, headers=headers)
        return super()._handle_error(exception)
