from odoo import api, fields, models

# what the Desks' service blocks show (executor, department, state, overdue): a change refreshes them
DESK_FIELDS = {"user_id", "state", "department_id", "escalation_level", "executor_escalated"}


class TelmicoService(models.Model):
    _inherit = "telmico.service"

    request_id = fields.Many2one("telmico.request", index="btree_not_null", tracking=True)
    # kept on the service for the agents' record rule: "a service of my teams' requests" is then a look-up among
    # a few teams instead of a scan of every request of those teams
    request_team_id = fields.Many2one(related="request_id.team_id", store=True, string="Team of the request")

    @api.model_create_multi
    def create(self, vals_list):
        services = super().create(vals_list)
        services.filtered(lambda s: s.user_id or s.department_id)._notify_desk()
        return services

    def write(self, vals):
        if not DESK_FIELDS & set(vals):
            return super().write(vals)
        # sudo: only who is told to refresh; after the write the user may no longer see the service (handed over)
        audience_before = self.sudo()._desk_audience()
        result = super().write(vals)
        self._notify_desk(audience_before)
        return result

    def _desk_audience(self):
        """Users whose Desks list these services: their executors and their departments' heads."""
        return self.user_id | self.department_id.manager_id

    def _notify_desk(self, extra_users=None):
        """The executors' and heads' Desks list their services: tell them to refresh (bus)."""
        # sudo: only who is told to refresh (see write)
        users = self.sudo()._desk_audience() | (extra_users or self.env["res.users"])
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
