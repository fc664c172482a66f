from odoo import fields, models

from ..dispatcher import ROUTING_TYPE


class FastapiEndpoint(models.Model):
    _inherit = "fastapi.endpoint"

    app = fields.Selection(selection_add=[("telmico", "Telmico API")], ondelete={"telmico": "cascade"})

    def _get_fastapi_routers(self):
        if self.app == "telmico":
            from ..routers import ROUTERS

            return ROUTERS
        return super()._get_fastapi_routers()

    def _prepare_fastapi_app_params(self):
        params = super()._prepare_fastapi_app_params()
        if self.app == "telmico":
            params["version"] = "1"
        return params

    def _get_app(self):
        app = super()._get_app()
        if self.app == "telmico":
            openapi = app.openapi

            def openapi_without_422():
                # invalid input is answered 400 (see dispatcher.py), never FastAPI's 422: the document says so
                schema = openapi()
                for operations in schema.get("paths", {}).values():
                    for operation in operations.values():
                        operation.get("responses", {}).pop("422", None)
                return schema

            app.openapi = openapi_without_422
        return app

    def _get_routing_info(self):
        routing = super()._get_routing_info()
        if self.app == "telmico":
            # errors answered as {"error": {"code", "message"}} by our dispatcher (see dispatcher.py)
            routing["type"] = ROUTING_TYPE
        return routing
