from datetime import date

import pytest

from actionplans.working_days import add_working_days, is_working_day


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2012, 6, 1), True),  # Friday
        (date(2012, 6, 2), False),  # Saturday
        (date(2012, 6, 4), False),  # Spring bank holiday, moved for the Diamond Jubilee
        (date(2012, 6, 5), False),  # Diamond Jubilee bank holiday
        (date(2012, 4, 6), False),  # Good Friday
        (date(2012, 4, 9), False),  # Easter Monday (England, not Scotland)
        (date(2012, 12, 26), False),  # Boxing Day
        (date(2023, 5, 8), False),  # Coronation of King Charles III
        (date(2012, 8, 6), True),  # Scotland's summer holiday is a working day in England
    ],
)
def test_working_days_are_weekdays_that_are_not_english_bank_holidays(day, working):
    assert is_working_day(day) is working


def test_counting_starts_the_day_after_publication():
    assert add_working_days(date(2012, 1, 6), 1) == date(2012, 1, 9)  # Friday -> Monday
    assert add_working_days(date(2012, 1, 6), 0) == date(2012, 1, 6)


def test_seventy_working_days_skip_easter():
    # 9 January 2012 is working day 1; fourteen weeks of weekdays end on Friday 13 April,
    # and Good Friday and Easter Monday push the 70th working day to Tuesday 17 April.
    assert add_working_days(date(2012, 1, 6), 70) == date(2012, 4, 17)


def test_seventy_working_days_cross_christmas_and_new_year():
    # From Friday 2 November 2012: 8 weeks of weekdays to Friday 28 December is 40 days,
    # less Christmas Day and Boxing Day = 38, and 1 January 2013 is a holiday too.
    assert add_working_days(date(2012, 11, 2), 38 + 2) == date(2013, 1, 2)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2012, 1, 6), -1)
