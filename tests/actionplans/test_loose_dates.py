from datetime import date

import pytest

from actionplans.loose_dates import LooseDate, Meaning, Precision, read_loose_date
from tests.fixture_plans import date_phrases

DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR


@pytest.mark.parametrize(
    "words, expected_date, precision",
    [
        # Day precision, as the seeds write it
        ("14 <sup>th</sup> June 2012", date(2012, 6, 14), DAY),
        ("31st January 2012", date(2012, 1, 31), DAY),
        ("31<sup>st</sup> January 2012", date(2012, 1, 31), DAY),
        ("1st March 2012", date(2012, 3, 1), DAY),
        ("25 <sup>th</sup> February 2012", date(2012, 2, 25), DAY),
        ("Update 30th April 2012", date(2012, 4, 30), DAY),
        ("26th June 2012", date(2012, 6, 26), DAY),
        ("31/10/2012", date(2012, 10, 31), DAY),
        ("2/3/12", date(2012, 3, 2), DAY),
        ("Introduced 09.02.2012", date(2012, 2, 9), DAY),
        ("25.6.12", date(2012, 6, 25), DAY),
        ("May 1 st 2012", date(2012, 5, 1), DAY),
        # Month precision: held as the month's last day, never the 1st
        ("June 2012", date(2012, 6, 30), MONTH),
        ("Sept 2012", date(2012, 9, 30), MONTH),
        ("September2012", date(2012, 9, 30), MONTH),
        ("Update June 12", date(2012, 6, 30), MONTH),
        ("July 2012 update", date(2012, 7, 31), MONTH),
        ("February 2012", date(2012, 2, 29), MONTH),
        ("From March 2012", date(2012, 3, 31), MONTH),
        ("May 2012 and on- going", date(2012, 5, 31), MONTH),
        ("By March 2013", date(2013, 3, 31), MONTH),
        ("Date for completion April 2012", date(2012, 4, 30), MONTH),
        # Several dates: the latest, since plans state deadlines
        ("March 2012 for June 2012", date(2012, 6, 30), MONTH),
        ("May/June 2012", date(2012, 6, 30), MONTH),
        ("July-August 2012", date(2012, 8, 31), MONTH),
        ("March – June 2012", date(2012, 6, 30), MONTH),
        ("April 2012 – March 2013", date(2013, 3, 31), MONTH),
        ("June 2012 Dec 2012", date(2012, 12, 31), MONTH),
        ("June 2012 June 2012 June 2012 December 2012", date(2012, 12, 31), MONTH),
        (
            "August 2011 Monthly audits August and September, moved to quarterly.",
            date(2011, 8, 31),
            MONTH,
        ),
        (
            "1st March 2012 March 2012 Letters requesting initial assessment.",
            date(2012, 3, 31),
            MONTH,
        ),
        # Years and financial years
        ("With all staff during 2012 PRs", date(2012, 12, 31), YEAR),
        ("During 2012/13", date(2013, 3, 31), YEAR),
    ],
)
def test_dated_words_are_read_with_their_precision(words, expected_date, precision):
    reading = read_loose_date(words)

    assert reading.meaning is Meaning.DATE
    assert reading.value.date == expected_date
    assert reading.value.precision == precision


def test_month_only_date_is_shown_as_the_month_not_its_first_day():
    value = read_loose_date("Sept 2012").value

    assert value.formatted == "September 2012"
    assert str(value) == "Sept 2012"
    assert value.date.day == 30


def test_original_words_are_kept_without_html():
    assert read_loose_date("31<sup>st</sup> January 2012").value.text == "31st January 2012"


@pytest.mark.parametrize(
    "value, shown",
    [
        (LooseDate("", date(2012, 6, 14), DAY), "14 June 2012"),
        (LooseDate("", date(2012, 6, 30), MONTH), "June 2012"),
        (LooseDate("", date(2012, 12, 31), YEAR), "2012"),
        (LooseDate("", date(2013, 3, 31), YEAR), "2012/13"),
        (LooseDate(), ""),
    ],
)
def test_date_entered_without_words_is_shown_at_its_precision(value, shown):
    assert str(value) == shown


@pytest.mark.parametrize(
    "words, months",
    [
        ("Immediate", 0),
        ("IMMEDIATE", 0),
        ("Within 3 months", 3),
        ("Within 3 Months", 3),
        ("(3 months)", 3),
        ("within three months", 3),
        ("Within 6 months", 6),
        ("(Within 6 months)", 6),
    ],
)
def test_timeframes_are_relative_to_publication(words, months):
    reading = read_loose_date(words)

    assert reading.meaning is Meaning.RELATIVE
    assert reading.months_after_publication == months
    assert reading.value.date is None
    assert "publication date is not recorded" in reading.explanation


def test_timeframe_resolves_once_the_report_is_published():
    reading = read_loose_date("Within 3 months", published_on=date(2012, 1, 6))

    assert reading.value.date == date(2012, 4, 6)
    assert reading.value.precision == DAY
    assert reading.explanation == "Read as within 3 months of publication: 6 April 2012."


@pytest.mark.parametrize(
    "words",
    [
        "Ongoing",
        "On-going",
        "Henceforth",
        "Complete",
        "Completed",
        "As above",
        "As detailed above",
        "As detailed in 1.10 and 1.11 above",
        "Not required",
        "TBC",
        "Review annually",
    ],
)
def test_words_that_promise_no_date_keep_the_words_and_no_date(words):
    reading = read_loose_date(words)

    assert reading.meaning is Meaning.UNDATED
    assert reading.value == LooseDate(text=words)
    assert reading.explanation == f"'{words}' gives no date."


@pytest.mark.parametrize("words", ["", "   ", "<p></p>"])
def test_empty_words_are_no_date(words):
    reading = read_loose_date(words)

    assert reading.meaning is Meaning.EMPTY
    assert not reading.value


@pytest.mark.parametrize(
    "words, explanation",
    [
        ("31/02/2012", "'31/02/2012' is not a real date."),
        ("30/13/2012", "'30/13/2012' is not a real date."),
        ("asdf", "No date could be read from 'asdf'."),
        (
            "Development day arranged June 20 th .",
            "No date could be read from 'Development day arranged June 20 th .'.",
        ),
    ],
)
def test_garbage_is_refused_with_a_reason_and_the_words_kept(words, explanation):
    reading = read_loose_date(words)

    assert reading.meaning is Meaning.UNREADABLE
    assert reading.value.date is None
    assert reading.value.text == words
    assert reading.explanation == explanation


@pytest.mark.parametrize("plan, field, words", date_phrases())
def test_every_date_phrase_in_the_demo_plans_is_understood(plan, field, words):
    reading = read_loose_date(words)

    assert reading.meaning is not Meaning.UNREADABLE, f"{plan} {field}: {reading.explanation}"
