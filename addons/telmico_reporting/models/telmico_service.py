from odoo import models, tools


class TelmicoService(models.Model):
    _inherit = "telmico.service"

    def init(self):
        result = super().init()
        # the register of services overdue by department: the services not completed by their deadline (open, or
        # completed late), by deadline; the predicate is the register's own condition (SERVICE_LATE), so that the
        # planner can use the index. Completed-in-time services, the vast majority, are not in it.
        tools.create_index(
            self.env.cr,
            "telmico_service_late_deadline_index",
            self._table,
            ["date_deadline"],
            where="(state != 'closed' OR date_closed IS NULL OR date_closed > date_deadline)",
        )
        return result
