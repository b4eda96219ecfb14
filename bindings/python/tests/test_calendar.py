"""Business calendars: datetimes in and out, the documented conventions."""
import datetime as dt
import os
import unittest
from datetime import timedelta as td

import triage
from triage.calendar import from_unix, second_of_day, to_unix

UTC = dt.timezone.utc


def utc(*args):
    return dt.datetime(*args, tzinfo=UTC)


@unittest.skipUnless(triage.has_feature("calendar"), "library without calendars")
class CalendarTest(unittest.TestCase):
    def setUp(self):
        # Monday 2026-03-02; UTC, 09:00-12:30 and 13:30-17:00 on weekdays.
        self.cal = triage.Calendar("UTC", hours={"mon-fri": ["09:00-12:30", "13:30-17:00"]})

    def tearDown(self):
        self.cal.close()

    def test_due_and_elapsed(self):
        start = utc(2026, 3, 2, 8, 15)
        due = self.cal.due(start, td(hours=4))
        self.assertEqual(due, utc(2026, 3, 2, 14, 0))
        self.assertEqual(due.tzinfo, UTC)
        self.assertEqual(self.cal.elapsed(start, due), td(hours=4))
        self.assertEqual(self.cal.elapsed(due, start), td(0))
        self.assertEqual(self.cal.due(start, 3600), utc(2026, 3, 2, 10, 0))

    def test_due_at_close_is_next_opening(self):
        # 3.5 h from 09:00 runs out exactly at 12:30: due at 13:30.
        self.assertEqual(self.cal.due(utc(2026, 3, 2, 9), td(hours=3, minutes=30)),
                         utc(2026, 3, 2, 13, 30))
        # A zero budget out of hours is due at the next opening (Friday night -> Monday).
        self.assertEqual(self.cal.due(utc(2026, 3, 6, 20), 0), utc(2026, 3, 9, 9))

    def test_pauses(self):
        start = utc(2026, 3, 2, 9)
        pauses = [(utc(2026, 3, 2, 10), utc(2026, 3, 2, 11))]
        self.assertEqual(self.cal.elapsed(start, utc(2026, 3, 2, 12), pauses), td(hours=2))
        self.assertEqual(self.cal.due(start, td(hours=2), pauses), utc(2026, 3, 2, 12))
        as_ints = [(to_unix(a), to_unix(b)) for a, b in pauses]
        self.assertEqual(self.cal.elapsed(to_unix(start), to_unix(utc(2026, 3, 2, 12)),
                                          as_ints), td(hours=2))

    def test_aware_datetimes_any_zone(self):
        plus2 = dt.timezone(td(hours=2))
        start = dt.datetime(2026, 3, 2, 10, 15, tzinfo=plus2)  # 08:15 UTC
        self.assertEqual(self.cal.due(start, td(hours=4)), utc(2026, 3, 2, 14, 0))
        # microseconds are dropped
        self.assertEqual(self.cal.due(utc(2026, 3, 2, 9, 0, 0, 999999), 60),
                         utc(2026, 3, 2, 9, 1))

    def test_naive_refused(self):
        with self.assertRaises(ValueError) as cm:
            self.cal.due(dt.datetime(2026, 3, 2, 9), 60)
        self.assertIn("naive", str(cm.exception))
        with self.assertRaises(ValueError):
            self.cal.elapsed(utc(2026, 3, 2), dt.datetime(2026, 3, 3))
        with self.assertRaises(TypeError):
            self.cal.due("2026-03-02T09:00:00Z", 60)
        with self.assertRaises(TypeError):
            self.cal.due(utc(2026, 3, 2), 1.5)
        with self.assertRaises(ValueError):
            self.cal.due(utc(2026, 3, 2), -1)

    def test_is_open_and_offset(self):
        self.assertTrue(self.cal.is_open(utc(2026, 3, 2, 9)))
        self.assertFalse(self.cal.is_open(utc(2026, 3, 2, 12, 30)))
        self.assertFalse(self.cal.is_open(utc(2026, 3, 7, 10)))  # Saturday
        self.assertEqual(self.cal.utc_offset(utc(2026, 3, 2)), td(0))

    def test_holidays(self):
        self.cal.add_holiday(dt.date(2026, 3, 2))
        self.cal.add_holiday("2026-03-03")
        self.cal.add_holiday(utc(2026, 3, 3))  # twice is harmless
        self.assertFalse(self.cal.is_open(utc(2026, 3, 2, 10)))
        self.assertEqual(self.cal.due(utc(2026, 3, 2, 9), 60), utc(2026, 3, 4, 9, 1))
        with self.assertRaises(TypeError):
            self.cal.add_holiday(20260302)

    def test_dst_new_york(self):
        try:
            ny = triage.Calendar.always("America/New_York")
        except triage.TimezoneError:
            self.skipTest("no America/New_York in the zone database")
        with ny:
            self.assertEqual(ny.zone, "America/New_York")
            # 02:30 on 2024-03-10 does not exist: read with EST, it is 03:30 EDT.
            self.assertEqual(ny.local_instant("2024-03-10", "02:30"), utc(2024, 3, 10, 7, 30))
            # 01:30 on 2024-11-03 happens twice: the earlier (EDT) instant.
            self.assertEqual(ny.local_instant(dt.date(2024, 11, 3), dt.time(1, 30)),
                             utc(2024, 11, 3, 5, 30))
            day_start = ny.local_instant("2024-03-10", "00:00")
            day_end = ny.local_instant("2024-03-10", "24:00")
            self.assertEqual(day_end - day_start, td(hours=23))
            self.assertEqual(ny.elapsed(day_start, day_end), td(hours=23))
            self.assertEqual(ny.utc_offset(utc(2024, 7, 1)), td(hours=-4))

    def test_24x7_and_intervals(self):
        cal = triage.Calendar.always()
        self.assertEqual(cal.zone, "UTC")
        self.assertEqual(cal.due(utc(2026, 3, 7, 23), td(hours=2)), utc(2026, 3, 8, 1))
        cal.clear_intervals()
        with self.assertRaises(triage.RangeError):
            cal.due(utc(2026, 3, 7), 60)  # no open hours: never due
        cal.add_interval("sat", "10:00", "14:00")
        cal.add_interval(6, dt.time(10), 14 * 3600)
        cal.add_interval("fri-mon", td(hours=20), "24:00")  # wraps the week
        self.assertTrue(cal.is_open(utc(2026, 3, 9, 21)))    # Monday
        self.assertFalse(cal.is_open(utc(2026, 3, 10, 21)))  # Tuesday
        with self.assertRaises(triage.ArgumentError):
            cal.add_interval("sat", "11:00", "12:00")  # overlaps
        with self.assertRaises(ValueError):
            cal.add_interval("someday", "09:00", "10:00")
        with self.assertRaises(ValueError):
            cal.add_interval("mon", "25:00", "26:00")
        with self.assertRaises(ValueError):
            triage.Calendar(hours="always")
        cal.set_24x7()
        self.assertTrue(cal.is_open(utc(2026, 3, 10, 3)))
        cal.close()

    def test_copy_is_independent(self):
        other = self.cal.copy()
        other.add_holiday("2026-03-02")
        self.assertTrue(self.cal.is_open(utc(2026, 3, 2, 10)))
        self.assertFalse(other.is_open(utc(2026, 3, 2, 10)))
        other.close()

    def test_zones(self):
        with self.assertRaises(triage.TimezoneError) as cm:
            triage.Calendar("No/Such_Zone")
        self.assertEqual(cm.exception.code, triage.ERR_TIMEZONE)
        with self.assertRaises(triage.TimezoneError):
            self.cal.set_zone("../etc/passwd")
        self.assertEqual(self.cal.zone, "UTC")  # unchanged after an error
        path = "/usr/share/zoneinfo/Europe/Berlin"
        if os.path.exists(path):
            with open(path, "rb") as f:
                tzif = f.read()
            cal = triage.Calendar("Europe/Berlin", tzif=tzif, hours="24x7")
            self.assertEqual(cal.utc_offset(utc(2026, 7, 1)), td(hours=2))
            cal.close()
            with self.assertRaises(triage.TimezoneError):
                triage.Calendar("Broken/Zone", tzif=b"TZif garbage")
            cal = triage.Calendar(zoneinfo_dir="/usr/share/zoneinfo")
            cal.set_zone("Europe/Berlin")
            cal.set_zoneinfo_dir(None)
            self.assertEqual(cal.zone, "Europe/Berlin")
            cal.close()

    def test_range(self):
        with self.assertRaises(triage.RangeError):
            self.cal.due(2 ** 62, 60)
        self.assertEqual(from_unix(0), utc(1970, 1, 1))
        self.assertEqual(to_unix(utc(1, 1, 1)), -62135596800)
        early = dt.datetime(1, 1, 1, tzinfo=dt.timezone(td(hours=5)))
        self.assertEqual(to_unix(early), -62135596800 - 5 * 3600)
        with self.assertRaises(triage.RangeError):
            self.cal.elapsed(early, utc(2026, 1, 1))

    def test_second_of_day(self):
        self.assertEqual(second_of_day("24:00"), 86400)
        self.assertEqual(second_of_day("09:30:15"), 9 * 3600 + 30 * 60 + 15)
        for bad in ("9", "24:01", "12:60", "noon"):
            with self.assertRaises(ValueError):
                second_of_day(bad)


if __name__ == "__main__":
    unittest.main()
