"""Every date (and number) input on every page, typed with hostile values: a plain-English error,
never a server error.

The inputs are found from the forms each page renders (its context), so a new date input on any
page is walked too: GOV.UK date inputs (day, month and year boxes), dates as the plan writes
them, and the query-string filters with a date or a number of days. Each hostile value goes into
each box in turn, with the rest of the form as the page shows it.
"""

from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django import forms
from django.db import transaction
from django_filters import FilterSet

from actionplans.forms.fields import DayMonthYearField, LooseDateField
from tests.assure.test_permission_matrix import ALL_URLS, rule_for, world  # noqa: F401  (its world fixture)
from tests.conftest import SignInClient
from tests.form_fuzz import page_fields

pytestmark = [pytest.mark.django_db, pytest.mark.security("date inputs")]

HOSTILE = [
    "99999999999999999999",
    "9" * 10_000,
    "-1",
    "0",
    "+12",
    "1.5",
    "1e309",
    "NaN",
    "\u0661\u0662",  # Arabic-Indic digits 1 2
    "\uff11\uff12",  # full-width digits 1 2
    "\u00b2",  # superscript two: a digit to str.isdigit(), not to int()
    "\x00",
]
# A real date around each hostile part, so that only the hostile part can be wrong.
REAL_PARTS = ("1", "7", "2012")
NUMBER_FIELDS = (forms.DecimalField, forms.IntegerField, forms.FloatField)
# Pages with no form of their own to type in, or not the business manager's.
NOT_WALKED = {"logout", "login", "password_reset", "password_reset_confirm", "accessibility"}


@dataclass(frozen=True)
class DateInput:
    url: str
    method: str
    name: str  # the field's name in the form; a GOV.UK date input posts name_0, name_1, name_2
    kind: str  # "day month year", "plan words", "date" or "number"

    def __str__(self):
        return f"{self.method} {self.url} {self.name} ({self.kind})"

    def submissions(self, value: str):
        """(what is typed, where the hostile value is) for each place in the input it can go."""
        if self.kind == "plan words":
            return [({self.name: words}, words[:30]) for words in (value, f"1 July {value}")]
        if self.kind != "day month year":
            return [({self.name: value}, value[:30])]
        return [
            (
                {f"{self.name}_{i}": value if i == box else part for i, part in enumerate(REAL_PARTS)},
                f"{where} {value[:20]}",
            )
            for box, where in enumerate(("day", "month", "year"))
        ]


class _FormMethods(HTMLParser):
    """The method of the <form> each input name sits in."""

    def __init__(self):
        super().__init__()
        self.method, self.methods = None, {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.method = (attributes.get("method") or "get").upper()
        elif tag in ("input", "select", "textarea") and self.method and attributes.get("name"):
            self.methods.setdefault(attributes["name"], self.method)

    def handle_endtag(self, tag):
        if tag == "form":
            self.method = None


def rendered_forms(response) -> list[forms.BaseForm]:
    found = []
    for context in response.context or []:
        for layer in context.dicts:
            for value in layer.values():
                form = value.form if isinstance(value, FilterSet) else value
                if isinstance(form, forms.BaseForm) and all(form is not seen for seen in found):
                    found.append(form)
    return found


def kind_of(field) -> str | None:
    if isinstance(field, DayMonthYearField):
        return "day month year"
    if isinstance(field, LooseDateField):
        return "plan words"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, NUMBER_FIELDS):
        return "number"
    return None


def date_inputs_on(client, url: str) -> list[DateInput]:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    reader = _FormMethods()
    reader.feed(response.content.decode())
    inputs = []
    for form in rendered_forms(response):
        for name, field in form.fields.items():
            kind, html_name = kind_of(field), form.add_prefix(name)
            posted_as = f"{html_name}_0" if kind == "day month year" else html_name
            if kind and posted_as in reader.methods:
                inputs.append(DateInput(url, reader.methods[posted_as], html_name, kind))
    return inputs


def field_errors(response, name: str) -> list[str]:
    return [
        error
        for form in rendered_forms(response)
        for field, errors in form.errors.items()
        if form.add_prefix(field) == name
        for error in errors
    ]


@pytest.fixture(scope="module")
def date_inputs(world):  # noqa: F811
    client = SignInClient()
    client.force_login(world.people["business manager"])
    walked = [
        world.url(name, pattern, route)
        for name, pattern, route in ALL_URLS
        if not name.startswith("admin:") and name not in NOT_WALKED and "GET" in rule_for(name).methods
    ]
    return client, [found for url in walked for found in date_inputs_on(client, url)]


def test_the_walk_finds_every_kind_of_date_input(date_inputs):
    _client, inputs = date_inputs
    kinds = Counter(found.kind for found in inputs)

    assert kinds["day month year"] >= 9 and kinds["plan words"] >= 5, kinds
    assert {"date", "number"} <= set(kinds)


def test_hostile_days_months_years_and_numbers_get_a_plain_english_error_never_a_server_error(
    date_inputs, security_figure
):
    client, inputs = date_inputs
    client.raise_request_exception = False  # count every server error rather than stop at the first
    sent, server_errors, unexplained = 0, [], []
    for found in inputs:
        shown = {f.name: f.current for f in page_fields(client.get(found.url).content.decode(), found.url)}
        for value in HOSTILE:
            for boxes, typed in found.submissions(value):
                data = {**(shown if found.method == "POST" else {}), **boxes}
                with transaction.atomic():
                    response = client.post(found.url, data) if found.method == "POST" else client.get(found.url, data)
                    transaction.set_rollback(True)
                sent += 1
                if response.status_code >= 500:
                    server_errors.append((str(found), typed))
                    continue
                # A number of days may be a number however it is written; a date never is.
                if found.kind != "number" and not field_errors(response, found.name):
                    unexplained.append((str(found), typed))

    assert server_errors == [], server_errors
    assert unexplained == [], unexplained
    security_figure(
        f"{len(inputs)} date and number inputs x {len(HOSTILE)} hostile values ({sent} submissions): "
        f"{len(server_errors)} server errors, {len(unexplained)} accepted as a date"
    )
