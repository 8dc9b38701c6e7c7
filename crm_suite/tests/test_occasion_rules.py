from datetime import date, datetime

from odoo.tests import BaseCase

from ..occasion_rules import keys_greeted_on, local_today, next_occurrence


class TestOccasionRules(BaseCase):
    def test_feb29_is_greeted_on_feb28_in_common_years(self):
        self.assertEqual(keys_greeted_on(date(2027, 2, 28)), {228, 229})

    def test_feb29_waits_for_its_own_day_in_leap_years(self):
        self.assertEqual(keys_greeted_on(date(2028, 2, 28)), {228})
        self.assertEqual(keys_greeted_on(date(2028, 2, 29)), {229})

    def test_ordinary_day_has_one_key(self):
        self.assertEqual(keys_greeted_on(date(2026, 12, 25)), {1225})

    def test_local_day_is_the_next_one_east_of_utc_after_midnight(self):
        self.assertEqual(local_today(datetime(2026, 3, 14, 19, 0), "Asia/Kolkata"), date(2026, 3, 15))

    def test_local_day_is_the_previous_one_west_of_utc_before_midnight(self):
        self.assertEqual(local_today(datetime(2026, 3, 15, 5, 0), "America/Los_Angeles"), date(2026, 3, 14))

    def test_unknown_time_zone_counts_as_utc(self):
        self.assertEqual(local_today(datetime(2026, 3, 14, 23, 0), "Mars/Olympus"), date(2026, 3, 14))

    def test_next_occurrence_of_feb29_in_common_year(self):
        self.assertEqual(next_occurrence(date(1980, 2, 29), date(2027, 1, 10)), date(2027, 2, 28))

    def test_next_occurrence_already_past_this_year_is_next_year(self):
        self.assertEqual(next_occurrence(date(1990, 3, 1), date(2026, 3, 2)), date(2027, 3, 1))
