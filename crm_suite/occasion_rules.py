"""Pure rules about occasions and customer lifecycle, tested without a database."""

import calendar
from datetime import date, datetime

import pytz


def month_day_key(day):
    """The stored, indexed key of an occasion: 1225 for 25 December."""
    return day.month * 100 + day.day if day else 0


def keys_greeted_on(local_day):
    """Occasion keys to greet on this local day: 29 February falls on the 28th in common years."""
    keys = {month_day_key(local_day)}
    if local_day.month == 2 and local_day.day == 28 and not calendar.isleap(local_day.year):
        keys.add(229)
    return keys


def local_today(utc_now, tz_name):
    """The customer's calendar day at this UTC instant (UTC when their zone is unknown)."""
    try:
        zone = pytz.timezone(tz_name or "UTC")
    except pytz.UnknownTimeZoneError:
        zone = pytz.utc
    return pytz.utc.localize(utc_now).astimezone(zone).date() if isinstance(utc_now, datetime) else utc_now


def next_occurrence(occasion_day, today):
    """The next anniversary of a date, from today on; 29 February becomes the 28th in common years."""
    for year in (today.year, today.year + 1):
        day = occasion_day.day
        if occasion_day.month == 2 and day == 29 and not calendar.isleap(year):
            day = 28
        candidate = date(year, occasion_day.month, day)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable: next year always holds the occasion")
