"""Quiet hours: pure helpers (no Odoo model), times in the sending time zone."""

from datetime import datetime, time, timedelta

import pytz

#: the time zone quiet hours are read in: Telmico's clients are in Georgia
QUIET_HOURS_TZ = "Asia/Tbilisi"


def _hour_to_time(hour):
    """``21.5`` → ``21:30`` (a float hour, as Odoo's float_time widget stores it)."""
    hour = max(0.0, min(float(hour), 23.99))
    minutes = round(hour * 60)
    return time(minutes // 60, minutes % 60)


def in_quiet_hours(moment, start, end, tz=QUIET_HOURS_TZ):
    """Whether the naive UTC datetime ``moment`` falls inside quiet hours [start, end) local time.

    ``start`` and ``end`` are float hours; a window across midnight (21 → 9) is handled;
    ``start == end`` means no quiet hours.
    """
    start_t, end_t = _hour_to_time(start), _hour_to_time(end)
    if start_t == end_t:
        return False
    local = pytz.utc.localize(moment).astimezone(pytz.timezone(tz)).time()
    if start_t < end_t:
        return start_t <= local < end_t
    return local >= start_t or local < end_t


def quiet_hours_end(moment, start, end, tz=QUIET_HOURS_TZ):
    """The naive UTC datetime at which the quiet hours containing ``moment`` end (``moment`` if outside)."""
    if not in_quiet_hours(moment, start, end, tz):
        return moment
    zone = pytz.timezone(tz)
    local = pytz.utc.localize(moment).astimezone(zone)
    end_t = _hour_to_time(end)
    candidate = local.replace(hour=end_t.hour, minute=end_t.minute, second=0, microsecond=0)
    if candidate <= local:
        candidate += timedelta(days=1)
    # re-localize the wall-clock time: a DST change between now and the morning is honoured
    candidate = zone.localize(datetime.combine(candidate.date(), end_t))
    return candidate.astimezone(pytz.utc).replace(tzinfo=None)
