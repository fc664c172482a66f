import bisect
from collections import defaultdict
from datetime import datetime, timedelta

from pytz import timezone, utc

from odoo import api, models, tools
from odoo.addons.resource.models.utils import make_aware

# resource.calendar.plan_hours walks through time in windows of this size
PLAN_WINDOW = timedelta(days=14)
PLAN_MAX_WINDOWS = 100
# working intervals are computed once per calendar and year, with this margin on each side so that every window
# starting in the year lies in it whole
YEAR_MARGIN = timedelta(days=20)
# what working hours depend on besides the attendances and the holidays (their own writes tell the services)
WORKING_TIME_FIELDS = {"tz", "flexible_hours"}


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    @api.model_create_multi
    def create(self, vals_list):
        calendars = super().create(vals_list)
        self.env.registry.clear_cache()  # the working intervals (_telmico_year_intervals)
        return calendars

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()  # the working intervals (_telmico_year_intervals)
        if WORKING_TIME_FIELDS & set(vals):
            self.env["telmico.service"]._deadline_checks_outdated(self)
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    # ------------------------------------------------------------ business

    def _telmico_plan(self, start, hours):
        """The moment ``hours`` working hours after ``start`` (before it when negative), public holidays skipped.

        The one working-time helper of the suite (service deadlines, SLA deadlines): on an empty
        recordset (no calendar) the clock runs round the clock. The result is exactly Odoo's
        ``plan_hours(hours, start, compute_leaves=True)``: the same walk through 14-day windows, on working
        intervals computed once per calendar and year (see ``_telmico_intervals``).
        """
        if not hours:
            return start
        if not self:
            return start + timedelta(hours=hours)
        self.ensure_one()
        if not self._telmico_cacheable():
            return self.plan_hours(hours, start, compute_leaves=True)
        moment, revert = make_aware(start)
        forward = hours > 0
        left = abs(hours)
        for index in range(PLAN_MAX_WINDOWS):
            if forward:
                window_start = moment + PLAN_WINDOW * index
                intervals = self._telmico_intervals(window_start, window_start + PLAN_WINDOW)
            else:
                window_end = moment - PLAN_WINDOW * index
                intervals = reversed(self._telmico_intervals(window_end - PLAN_WINDOW, window_end))
            for begin, end in intervals:
                interval_hours = (end - begin).total_seconds() / 3600
                if left <= interval_hours:
                    return revert(begin + timedelta(hours=left) if forward else end - timedelta(hours=left))
                left -= interval_hours
        return False

    def _telmico_work_hours(self, start, end):
        """Working hours between two moments, public holidays excluded; round the clock without a calendar.

        Exactly Odoo's ``get_work_duration_data(start, end, compute_leaves=True)["hours"]``, on the cached
        working intervals.
        """
        if not start or not end or end <= start:
            return 0.0
        if not self:
            return (end - start).total_seconds() / 3600
        self.ensure_one()
        if not self._telmico_cacheable():
            return self.get_work_duration_data(start, end, compute_leaves=True)["hours"]
        day_hours = defaultdict(float)
        for begin, stop in self._telmico_intervals(make_aware(start)[0], make_aware(end)[0]):
            day_hours[begin.date()] += (stop - begin).total_seconds() / 3600
        return sum(day_hours.values())

    def _telmico_cacheable(self):
        """Odoo computes these calendars differently (hours of flexible calendars, a forced time zone)."""
        return bool(self.id) and not self._telmico_calendar_info()[0] and not self.env.context.get("employee_timezone")

    @tools.ormcache("self.id")
    def _telmico_calendar_info(self):
        """(flexible hours, time zone) of the calendar, kept with its working intervals (cleared with them): every
        deadline planned reads them, and the record would be read again in each transaction."""
        # sudo: cached for every user: read as the system, like the intervals kept with it
        calendar = self.sudo()
        return bool(calendar.flexible_hours), calendar.tz

    def _telmico_intervals(self, start, end):
        """The working intervals (begin, end) between two aware moments, as ``_work_intervals_batch`` gives them
        (in the calendar's time zone, public holidays removed, cut at ``start`` and ``end``), taken from the
        intervals of the year of ``start``; computed directly when the period reaches past that year's margin."""
        year = start.astimezone(utc).year
        scope = True if self.env.su else tuple(self.env.companies.ids)  # the leaves a user reads (record rules)
        year_start, year_end, begins, intervals = self._telmico_year_intervals(year, scope)
        if start < year_start or end > year_end:
            return [
                (begin, stop)
                for begin, stop, _meta in self._work_intervals_batch(start, end, compute_leaves=True)[False]
            ]
        tz = timezone(self._telmico_calendar_info()[1])
        start, end = start.astimezone(tz), end.astimezone(tz)
        result = []
        # the interval that may contain ``start``, then every one that begins before ``end``
        for begin, stop in intervals[max(bisect.bisect_right(begins, start) - 1, 0) :]:
            if begin >= end:
                break
            cut_begin, cut_stop = max(begin, start), min(stop, end)
            if cut_begin < cut_stop:
                result.append((cut_begin, cut_stop))
        return result

    @tools.ormcache("self.id", "year", "scope")
    def _telmico_year_intervals(self, year, scope):
        """Odoo's working intervals of the calendar over a year and its margins: (start, end, begins, intervals).

        Cached per calendar and year; cleared on any change of calendars, attendances or public holidays
        (see their create / write / unlink).
        """
        start = utc.localize(datetime(year, 1, 1)) - YEAR_MARGIN
        end = utc.localize(datetime(year + 1, 1, 1)) + YEAR_MARGIN
        intervals = tuple(
            (begin, stop) for begin, stop, _meta in self._work_intervals_batch(start, end, compute_leaves=True)[False]
        )
        return start, end, tuple(begin for begin, _stop in intervals), intervals
