from odoo import fields, models


class TelmicoApiKeyCreate(models.TransientModel):
    """Make an API key; its full text is shown once, by the next step."""

    _name = "telmico.api.key.create"
    _description = "New API key"

    name = fields.Char(required=True, help="Who or what uses the key, e.g. the personal cabinet.")
    user_id = fields.Many2one(
        "res.users", required=True, help="The calls run as this user: its access rights and record rules apply."
    )
    date_expiry = fields.Date(string="Expires on")
    rate_limit = fields.Integer(string="Calls per minute", default=60)
    acts_for_customers = fields.Boolean(
        string="Acts for customers", help="A personal cabinet's key: /api/v1/customers/... on behalf of customers."
    )

    def action_create(self):
        self.ensure_one()
        _record, key = self.env["telmico.api.key"]._generate(
            {
                "name": self.name,
                "user_id": self.user_id.id,
                "date_expiry": self.date_expiry,
                "rate_limit": self.rate_limit,
                "acts_for_customers": self.acts_for_customers,
            }
        )
        # the key travels in the context of a form never saved, as core's API keys do: it is stored nowhere
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Your new API key"),
            "res_model": "telmico.api.key.show",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_key": key},
        }
