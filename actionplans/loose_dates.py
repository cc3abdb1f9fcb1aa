"""Dates as plans write them ("June 2012", "31st January 2012", "Within 3 months", "Ongoing").

A loose date keeps the original words, the best date read from them and that date's precision.
The date held is the *last day* the words allow: "June 2012" is held as 30 June 2012 with month
precision, so a month-only target is neither shown as, nor treated as, the 1st; an action due in
"June 2012" becomes overdue on 1 July. When the words mention several dates ("March 2012 for
June 2012", "May/June 2012") the latest is taken, since plans state deadlines.
"""

from __future__ import annotations

import calendar
import enum
import html
import re
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    NONE = "", "No date"


@dataclass(frozen=True)
class LooseDate:
    text: str = ""
    date: date | None = None
    precision: str = Precision.NONE

    def __str__(self):
        return self.text or self.formatted

    def __bool__(self):
        return bool(self.text) or self.date is not None

    @property
    def formatted(self) -> str:
        """The date in words at its own precision: '14 June 2012', 'June 2012', '2012/13'."""
        if self.date is None:
            return ""
        if self.precision == Precision.DAY:
            return f"{self.date.day} {self.date:%B %Y}"
        if self.precision == Precision.MONTH:
            return f"{self.date:%B %Y}"
        if self.date.month == 3:  # a financial year ends on 31 March
            return f"{self.date.year - 1}/{self.date.year % 100:02d}"
        return str(self.date.year)


class Meaning(enum.Enum):
    DATE = "date"
    RELATIVE = "relative"
    UNDATED = "undated"
    EMPTY = "empty"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class DateReading:
    """What the reader made of some words: the loose date, and why, in plain English."""

    value: LooseDate
    meaning: Meaning
    explanation: str
    months_after_publication: int | None = None


_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])"
)
_ORDINAL = r"(?:\s*(?:st|nd|rd|th)\b)?"
# ASCII: a plan writes its years in ASCII digits; other digits would be read as dates nobody typed.
_FLAGS = re.IGNORECASE | re.ASCII

_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?![\d/])", _FLAGS)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}){_ORDINAL}\s+{_MONTH},?\s*(\d{{4}}|\d{{2}})(?!\d)", _FLAGS)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}})\b", _FLAGS)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s*,?\s*'?(\d{{4}}|\d{{2}}(?!\s*(?:st|nd|rd|th)\b))(?![\d/])", _FLAGS)
_FINANCIAL_YEAR = re.compile(r"\b(20\d{2})/(\d{2})\b", _FLAGS)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b", _FLAGS)

_IMMEDIATE = re.compile(r"\bimmediate(?:ly)?\b", _FLAGS)
_WITHIN_MONTHS = re.compile(r"\b(?:within\s+)?(\d{1,2}|one|two|three|four|six|nine|twelve)\s+months?\b", _FLAGS)
_UNDATED = re.compile(
    r"\b(on[\s-]*going|henceforth|completed?|as (?:detailed )?(?:in .*?)?above|not required|tb[ca]"
    r"|to be (?:confirmed|agreed|determined)|review(?:ed)? annually|annually|quarterly|monthly)\b",
    _FLAGS,
)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "nine": 9, "twelve": 12}
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}


def clean_words(text: str) -> str:
    """The plan's words without HTML tags or entities, on one line."""
    text = re.sub(r"<[^>]*>", "", text or "")
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def read_loose_date(text: str, *, published_on: date | None = None) -> DateReading:
    """Read some date words. `published_on` resolves "Within 3 months" and "Immediate"."""
    words = clean_words(text)
    if not words:
        return DateReading(LooseDate(), Meaning.EMPTY, "No date given.")

    candidates, impossible = _dates_in(words)
    if candidates:
        return _reading_from(words, candidates)

    months = _months_after_publication(words)
    if months is not None:
        return _relative_reading(words, months, published_on)
    if impossible:
        return DateReading(LooseDate(text=words), Meaning.UNREADABLE, f"'{impossible[0]}' is not a real date.")
    if _UNDATED.search(words):
        return DateReading(LooseDate(text=words), Meaning.UNDATED, f"'{words}' gives no date.")
    return DateReading(LooseDate(text=words), Meaning.UNREADABLE, f"No date could be read from '{words}'.")


def loose_date(text: str, *, published_on: date | None = None) -> LooseDate:
    return read_loose_date(text, published_on=published_on).value


def _dates_in(words: str) -> tuple[list[tuple[date, str]], list[str]]:
    """Every (last day, precision) the words state, and any impossible dates ('31/02/2012')."""
    found: list[tuple[date, str]] = []
    impossible: list[str] = []
    taken: list[tuple[int, int]] = []

    def free(match: re.Match) -> bool:
        start, end = match.span()
        return all(end <= s or start >= e for s, e in taken)

    def take(match: re.Match, value: date | None, precision: str):
        taken.append(match.span())
        if value is None:
            impossible.append(match.group(0))
        else:
            found.append((value, precision))

    for match in _NUMERIC.finditer(words):
        day, month, year = (int(g) for g in match.groups())
        take(match, _safe_date(_full_year(year), month, day), Precision.DAY)
    for match in _DAY_MONTH_YEAR.finditer(words):
        if free(match):
            day, month, year = match.groups()
            take(
                match,
                _safe_date(_full_year(int(year)), _month_number(month), int(day)),
                Precision.DAY,
            )
    for match in _MONTH_DAY_YEAR.finditer(words):
        if free(match):
            month, day, year = match.groups()
            take(match, _safe_date(int(year), _month_number(month), int(day)), Precision.DAY)
    for match in _MONTH_YEAR.finditer(words):
        if free(match):
            month, year = match.groups()
            year_number, month_number = _full_year(int(year)), _month_number(month)
            last_day = calendar.monthrange(year_number, month_number)[1]
            take(match, date(year_number, month_number, last_day), Precision.MONTH)
    for match in _FINANCIAL_YEAR.finditer(words):
        first, second = (int(g) for g in match.groups())
        if free(match) and second == (first + 1) % 100:
            take(match, date(first + 1, 3, 31), Precision.YEAR)
    for match in _YEAR.finditer(words):
        if free(match):
            take(match, date(int(match.group(1)), 12, 31), Precision.YEAR)
    return found, impossible


def _reading_from(words: str, candidates: list[tuple[date, str]]) -> DateReading:
    latest, precision = max(candidates, key=lambda candidate: candidate[0])
    value = LooseDate(text=words, date=latest, precision=precision)
    explanation = f"Read as {value.formatted}"
    if precision == Precision.MONTH:
        explanation += " (month only: due by the end of the month)"
    elif precision == Precision.YEAR and latest.month == 3:
        explanation += f" (financial year: due by 31 March {latest.year})"
    elif precision == Precision.YEAR:
        explanation += " (year only: due by the end of the year)"
    if len(candidates) > 1:
        explanation += f", the latest of {len(candidates)} dates in the words"
    return DateReading(value, Meaning.DATE, explanation + ".")


def _months_after_publication(words: str) -> int | None:
    if _IMMEDIATE.search(words):
        return 0
    match = _WITHIN_MONTHS.search(words)
    if match:
        amount = match.group(1).lower()
        return _NUMBER_WORDS.get(amount) or int(amount)
    return None


def _relative_reading(words: str, months: int, published_on: date | None) -> DateReading:
    when = "immediately" if months == 0 else f"within {months} months of publication"
    if published_on is None:
        return DateReading(
            LooseDate(text=words),
            Meaning.RELATIVE,
            f"'{words}' means {when}; the report's publication date is not recorded yet.",
            months,
        )
    due = published_on + relativedelta(months=months)
    value = LooseDate(text=words, date=due, precision=Precision.DAY)
    return DateReading(value, Meaning.RELATIVE, f"Read as {when}: {value.formatted}.", months)


def _full_year(year: int) -> int:
    return year + 2000 if year < 100 else year


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name[:3].lower()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
