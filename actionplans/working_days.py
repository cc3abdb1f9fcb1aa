"""Working days in England: weekdays that are not bank holidays.

Bank holidays come from the maintained `holidays` library (England's subdivision of the UK
calendar, including one-off days such as coronations and jubilees), not from a hand-kept list.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

# Inspected areas send Ofsted their written action plan within 70 working days of publication.
STATUTORY_PLAN_WORKING_DAYS = 70


@lru_cache(maxsize=64)
def _england_bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _england_bank_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The date `count` working days after `start` (the start day itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
