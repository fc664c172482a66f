from fastapi import FastAPI

from odoo import api, fields, models
from odoo.addons.fastapi.middleware import ASGIMiddleware

from ..dispatcher import ROUTING_TYPE, CatchErrors


class FastapiEndpoint(models.Model):
    _inherit = "fastapi.endpoint"

    app = fields.Selection(selection_add=[("telmico", "Telmico API")], ondelete={"telmico": "cascade"})

    @api.model
    def get_app(self, path):
        record = self._get_endpoint(path)
        if not record or record.app != "telmico":
            return super().get_app(path)
        # OCA fastapi's app, with the exceptions kept for our dispatcher (see dispatcher.CatchErrors)
        app = FastAPI()
        app.mount(record.root_path, record._get_app())
        self._clear_fastapi_exception_handlers(app)
        return ASGIMiddleware(CatchErrors(app))

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
