from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

MAX_OVERLAP_HOURS = 24 * 30


class TelmicoBillingSecret(models.TransientModel):
    """Shows a new push secret once (or takes the API token billing issued) and saves it on the connector.

    The connector's secrets are readable by system administrators only and never appear on its
    form: this wizard is the one place a person sees a secret, before it is saved; saving
    empties the wizard, and the connector then shows only the last characters.
    """

    _name = "telmico.billing.secret"
    _description = "Billing connector secret"

    backend_id = fields.Many2one("telmico.billing.backend", required=True, ondelete="cascade")
    kind = fields.Selection([("webhook_secret", "Push secret"), ("api_token", "API token")], required=True)
    secret = fields.Char()
    overlap_hours = fields.Integer(
        string="Accept the previous secret for (hours)",
        default=24,
        help="Billing may keep signing with the previous secret for this long, while it switches over.",
    )

    @api.constrains("kind", "secret")
    def _check_secret(self):
        for wizard in self.filtered("secret"):
            wizard.backend_id._check_secret_length(wizard.kind, wizard.secret)

    @api.constrains("overlap_hours")
    def _check_overlap_hours(self):
        if any(not 0 <= wizard.overlap_hours <= MAX_OVERLAP_HOURS for wizard in self):
            raise ValidationError(
                self.env._("The previous secret can be accepted for 0 to %s hours.", MAX_OVERLAP_HOURS)
            )

    def action_apply(self):
        self.ensure_one()
        if not self.secret:
            raise UserError(self.env._("Enter the secret first."))
        # sudo: the secrets are writable by system administrators only; client-card administrators
        # set them through this wizard, which validates them
        backend = self.backend_id.sudo()
        if self.kind == "webhook_secret":
            backend._rotate_webhook_secret(self.secret, self.overlap_hours)
        else:
            backend.api_token = self.secret
        self.secret = False
        return {"type": "ir.actions.act_window_close"}

    def _action_open(self):
        return {
            "type": "ir.actions.act_window",
            "name": dict(self._fields["kind"]._description_selection(self.env))[self.kind],
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
