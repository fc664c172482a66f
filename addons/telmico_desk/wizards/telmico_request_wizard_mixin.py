from odoo import fields, models


class TelmicoRequestWizardMixin(models.AbstractModel):
    """A wizard working on the requests selected in a list (``active_ids``), or given explicitly."""

    _name = "telmico.request.wizard.mixin"
    _description = "Wizard on selected requests"

    def _default_request_ids(self):
        context = self.env.context
        return context.get("active_ids", []) if context.get("active_model") == "telmico.request" else []

    request_ids = fields.Many2many("telmico.request", string="Requests", required=True, default=_default_request_ids)
