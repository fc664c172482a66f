from datetime import timedelta

from odoo import models

# what working hours depend on besides the attendances and the holidays (their own writes tell the services)
WORKING_TIME_FIELDS = {"tz", "flexible_hours"}


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _telmico_plan(self, start, hours):
        """The moment ``hours`` working hours after ``start`` (before it when negative), public holidays skipped.

        The one working-time helper of the suite (service deadlines, SLA deadlines): on an empty
        recordset (no calendar) the clock runs round the clock.
        """
        if not hours:
            return start
        if not self:
            return start + timedelta(hours=hours)
        self.ensure_one()
        return self.plan_hours(hours, start, compute_leaves=True)

    def _telmico_work_hours(self, start, end):
        """Working hours between two moments, public holidays excluded; round the clock without a calendar."""
        if not start or not end or end <= start:
            return 0.0
        if not self:
            return (end - start).total_seconds() / 3600
        self.ensure_one()
        return self.get_work_duration_data(start, end, compute_leaves=True)["hours"]

    def write(self, vals):
        result = super().write(vals)
        if WORKING_TIME_FIELDS & set(vals):
            self.env["telmico.service"]._deadline_checks_outdated(self)
        return result
