from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    # working hours changed: the working intervals cached per calendar and year are out of date, and the
    # services counting in these calendars are looked at again

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        attendances._telmico_working_time_changed(attendances.calendar_id)
        return attendances

    def write(self, vals):
        calendars = self.calendar_id
        result = super().write(vals)
        self._telmico_working_time_changed(calendars | self.calendar_id)
        return result

    def unlink(self):
        calendars = self.calendar_id
        result = super().unlink()
        self._telmico_working_time_changed(calendars)
        return result

    def _telmico_working_time_changed(self, calendars):
        self.env.registry.clear_cache()  # the working intervals (resource.calendar._telmico_year_intervals)
        if calendars:
            self.env["telmico.service"]._deadline_checks_outdated(calendars)
