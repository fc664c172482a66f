from odoo import api, models
from odoo.exceptions import AccessError


class TelmicoBillingMirrorMixin(models.AbstractModel):
    """Records mirrored from the billing system: only the billing sync writes them.

    ACLs give write access to the billing integration group alone; this mixin also
    refuses writes from code that does not run inside the sync (context key
    ``telmico_billing_sync``), whatever the user's groups, superuser included.
    """

    _name = "telmico.billing.mirror.mixin"
    _description = "Billing mirror (read-only in the CRM)"

    def _check_billing_writer(self):
        if not self.env.context.get("telmico_billing_sync"):
            raise AccessError(
                self.env._(
                    "%s records come from the billing system and cannot be changed in the CRM.", self._description
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_billing_writer()
        return super().create(vals_list)

    def write(self, vals):
        self._check_billing_writer()
        return super().write(vals)

    def unlink(self):
        self._check_billing_writer()
        return super().unlink()
