from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

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
        """The working hours of ``calendars`` changed: the services counting in them are looked at again."""
        if calendars:
            self.env["telmico.service"]._deadline_checks_outdated(calendars)
