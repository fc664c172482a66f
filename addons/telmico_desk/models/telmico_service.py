from odoo import api, fields, models


class TelmicoService(models.Model):
    _inherit = "telmico.service"

    request_id = fields.Many2one("telmico.request", index="btree_not_null", tracking=True)
    # kept on the service for the agents' record rule: "a service of my teams' requests" is then a look-up among
    # a few teams instead of a scan of every request of those teams
    request_team_id = fields.Many2one(related="request_id.team_id", store=True, string="Team of the request")

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

    def _portal_registration_blockers(self):
        """Why a service asked for in the personal cabinet cannot be registered without an operator.

        A simple service is done at once by whoever registers it and a data change needs the new
        values typed and approved: both are left to an operator, as are services with required
        fields the customer was not asked or mandatory actions. Empty when it can be registered.
        """
        self.ensure_one()
        blockers = []
        if self.kind == "simple":
            blockers.append(self.env._("an operator does a simple service"))
        if self.data_change != "none":
            blockers.append(self.env._("an operator enters the data change for approval"))
        missing = self.value_ids.filtered(lambda v: v.required and v._is_empty())
        if missing:
            blockers.append(self.env._("fields to fill in: %s", ", ".join(missing.mapped("name"))))
        undone = self.action_line_ids.filtered(lambda a: a.kind == "mandatory" and not a.done)
        if undone:
            blockers.append(self.env._("mandatory actions: %s", "; ".join(undone.mapped("name"))))
        return blockers
