from odoo import api, fields, models


class TelmicoService(models.Model):
    _inherit = "telmico.service"

    request_id = fields.Many2one("telmico.request", index="btree_not_null", tracking=True)

    @api.model_create_multi
    def create(self, vals_list):
        services = super().create(vals_list)
        services.filtered("user_id")._notify_desk()
        return services

    def write(self, vals):
        if not {"user_id", "state"} & set(vals):
            return super().write(vals)
        executors_before = self.user_id
        result = super().write(vals)
        self._notify_desk(executors_before)
        return result

    def _notify_desk(self, extra_users=None):
        """The executors' Desks list their services: tell them to refresh (bus)."""
        users = self.user_id | (extra_users or self.env["res.users"])
        self.env["telmico.desk"]._desk_notify(users.filtered(lambda u: not u.share).partner_id)
