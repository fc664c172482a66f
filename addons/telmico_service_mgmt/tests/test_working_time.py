import random
from datetime import datetime, timedelta

from odoo.fields import Command
from odoo.tests import TransactionCase


class TestWorkingTime(TransactionCase):
    """The suite's working-time helper against Odoo's own arithmetic, on Telmico's calendar (Mon-Fri 09:00-13:00
    and 14:00-18:00 Tbilisi, Georgian holidays 2026-2027): the same result to the microsecond, whatever the moment
    and the amount, and from working intervals computed once per calendar and year."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("telmico_service_mgmt.resource_calendar_telmico")
        cls.rng = random.Random(2026)

    def _moments(self, count):
        """Random moments of 2026-2027 (UTC, naive as stored), and the edges a person would try: the start and
        end of a working day, the lunch hour, a weekend, the eve and the day of holidays."""
        moments = [
            datetime(2026, 1, 1) + timedelta(seconds=self.rng.randrange(2 * 365 * 86400)) for _index in range(count)
        ]
        moments += [
            datetime(2026, 11, 20, 5, 0),  # Friday 09:00 Tbilisi
            datetime(2026, 11, 20, 9, 0),  # Friday 13:00: lunch starts
            datetime(2026, 11, 20, 9, 30),  # in the lunch hour
            datetime(2026, 11, 20, 14, 0),  # Friday 18:00: the day ends
            datetime(2026, 11, 21, 10, 0),  # Saturday
            datetime(2026, 11, 23, 8, 0),  # Giorgoba, a holiday (Monday)
            datetime(2026, 4, 8, 13, 0),  # before National Unity Day and Easter
            datetime(2026, 12, 31, 19, 59, 59),  # the last second of the year, Tbilisi
            datetime(2027, 12, 24, 12, 0),  # towards 2028, past the holidays on record
        ]
        return moments

    def _hours(self):
        return self.rng.choice(
            [
                self.rng.choice([0.5, 1, 2, 4, 8, 16, 40, 80]),
                round(self.rng.uniform(0.01, 120), 4),
                self.rng.uniform(0.001, 300),
            ]
        ) * self.rng.choice([1, -1])

    def test_plan_is_odoo_plan_hours(self):
        for start in self._moments(150):
            hours = self._hours()
            with self.subTest(start=start, hours=hours):
                self.assertEqual(
                    self.calendar._telmico_plan(start, hours),
                    self.calendar.plan_hours(hours, start, compute_leaves=True),
                )

    def test_work_hours_are_odoo_work_duration(self):
        for start in self._moments(120):
            end = start + timedelta(seconds=self.rng.randrange(1, 45 * 86400))
            with self.subTest(start=start, end=end):
                self.assertEqual(
                    self.calendar._telmico_work_hours(start, end),
                    self.calendar.get_work_duration_data(start, end, compute_leaves=True)["hours"],
                )
        # across a year boundary and over a long period (computed without the yearly intervals)
        for start, end in (
            (datetime(2026, 12, 20), datetime(2027, 1, 25)),
            (datetime(2026, 2, 1), datetime(2027, 3, 1)),
        ):
            self.assertEqual(
                self.calendar._telmico_work_hours(start, end),
                self.calendar.get_work_duration_data(start, end, compute_leaves=True)["hours"],
            )

    def test_known_deadlines(self):
        # Friday 20 November 2026, 17:00 Tbilisi + 16 h: Monday 23 is Giorgoba -> Wednesday 25, 17:00 Tbilisi
        self.assertEqual(self.calendar._telmico_plan(datetime(2026, 11, 20, 13, 0), 16), datetime(2026, 11, 25, 13, 0))
        # 2 hours before Monday 09:00 after a weekend: Friday 16:00
        self.assertEqual(self.calendar._telmico_plan(datetime(2026, 11, 30, 5, 0), -2), datetime(2026, 11, 27, 12, 0))
        # Friday 12:00-15:00 Tbilisi: 2 hours (lunch excluded)
        self.assertEqual(self.calendar._telmico_work_hours(datetime(2026, 11, 20, 8), datetime(2026, 11, 20, 11)), 2)
        # without a calendar the clock runs round the clock
        no_calendar = self.env["resource.calendar"]
        self.assertEqual(no_calendar._telmico_plan(datetime(2026, 11, 21), 30), datetime(2026, 11, 22, 6, 0))
        self.assertEqual(no_calendar._telmico_work_hours(datetime(2026, 11, 21), datetime(2026, 11, 22)), 24)

    def test_intervals_are_computed_once_per_year(self):
        start = datetime(2026, 6, 1, 7, 0)
        self.calendar._telmico_plan(start, 8)
        with self.assertQueryCount(0):
            for index in range(20):
                self.calendar._telmico_plan(start + timedelta(hours=7 * index), 1 + index)
                self.calendar._telmico_work_hours(start, start + timedelta(days=index + 1))

    def test_cache_follows_the_calendar_its_hours_and_its_holidays(self):
        friday = datetime(2026, 6, 5, 12, 0)  # Friday 16:00 Tbilisi
        monday = datetime(2026, 6, 8, 5, 0)  # Monday 09:00 Tbilisi
        self.assertEqual(self.calendar._telmico_plan(friday, 4), datetime(2026, 6, 8, 7, 0))

        # a new public holiday on Monday 8 June: the deadline moves to Tuesday
        holiday = self.env["resource.calendar.leaves"].create(
            {
                "name": "დღესასწაული",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 6, 7, 20, 0),
                "date_to": datetime(2026, 6, 8, 19, 59, 59),
            }
        )
        self.assertEqual(self.calendar._telmico_plan(friday, 4), datetime(2026, 6, 9, 7, 0))
        self.assertEqual(self.calendar._telmico_work_hours(friday, datetime(2026, 6, 9, 7)), 4)
        # moved to the next Monday, then removed
        holiday.write({"date_from": datetime(2026, 6, 14, 20, 0), "date_to": datetime(2026, 6, 15, 19, 59, 59)})
        self.assertEqual(self.calendar._telmico_plan(friday, 4), datetime(2026, 6, 8, 7, 0))
        holiday.unlink()
        self.assertEqual(self.calendar._telmico_plan(datetime(2026, 6, 12, 12), 4), datetime(2026, 6, 15, 7, 0))

        # Fridays end at 17:00 now
        friday_afternoon = self.calendar.attendance_ids.filtered(
            lambda a: a.dayofweek == "4" and a.day_period == "afternoon"
        )
        friday_afternoon.hour_to = 17
        self.assertEqual(self.calendar._telmico_plan(friday, 4), datetime(2026, 6, 8, 8, 0))
        # Saturday mornings are worked
        self.calendar.attendance_ids = [
            Command.create(
                {"name": "Saturday", "dayofweek": "5", "hour_from": 10, "hour_to": 12, "day_period": "morning"}
            )
        ]
        self.assertEqual(self.calendar._telmico_plan(friday, 4), datetime(2026, 6, 8, 6, 0))
        self.assertEqual(self.calendar._telmico_work_hours(friday, monday), 3)
        # another time zone: the same hours two hours later in UTC
        self.calendar.tz = "Europe/Berlin"  # UTC+2 in summer
        for start, hours in ((friday, 4), (monday, -3), (datetime(2026, 6, 6, 9), 2.5)):
            self.assertEqual(
                self.calendar._telmico_plan(start, hours), self.calendar.plan_hours(hours, start, compute_leaves=True)
            )

    def test_a_person_leave_does_not_change_the_calendar(self):
        resource = self.env["resource.resource"].create({"name": "ნინო", "calendar_id": self.calendar.id})
        friday = datetime(2026, 6, 5, 12, 0)
        self.calendar._telmico_plan(friday, 4)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "შვებულება",
                "calendar_id": self.calendar.id,
                "resource_id": resource.id,
                "date_from": datetime(2026, 6, 7, 20, 0),
                "date_to": datetime(2026, 6, 8, 19, 59, 59),
            }
        )
        with self.assertQueryCount(0):
            self.assertEqual(self.calendar._telmico_plan(friday, 4), datetime(2026, 6, 8, 7, 0))
        self.assertEqual(self.calendar.plan_hours(4, friday, compute_leaves=True), datetime(2026, 6, 8, 7, 0))
