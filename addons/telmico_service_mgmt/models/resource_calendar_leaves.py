from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    # a public holiday (a leave of no resource) changed: the working intervals cached per calendar and year are
    # out of date and the services counting in those calendars are looked at again; the leaves of one person
    # change neither

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._telmico_holidays_changed()
        return leaves

    def write(self, vals):
        self._telmico_holidays_changed()  # the calendars they were of
        result = super().write(vals)
        self._telmico_holidays_changed()
        return result

    def unlink(self):
        self._telmico_holidays_changed()
        return super().unlink()

    def _telmico_holidays_changed(self):
        """A holiday without a calendar is one of every calendar; an employee's own leave changes nothing."""
        holidays = self.filtered(lambda leave: not leave.resource_id)
        if not holidays:
            return
        self.env.registry.clear_cache()  # the working intervals (resource.calendar._telmico_year_intervals)
        calendars = None if any(not leave.calendar_id for leave in holidays) else holidays.calendar_id
        self.env["telmico.service"]._deadline_checks_outdated(calendars)
