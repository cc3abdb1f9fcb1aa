"""Searching the action list: words anywhere in an action, its recommendation, its updates or its
leads; on PostgreSQL with English stemming and the best matches first."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import ActionFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: SQLite has no full-text search"
)


def found(as_user, small, words: str) -> list[str]:
    response = as_user(small.users["scrutiny"]).get(reverse("actionplans:action_list"), {"q": words})
    return [action.reference for action in response.context["page"].object_list]


def test_a_leads_name_finds_the_actions_they_lead(as_user, small):
    assert found(as_user, small, "Jenni Cooke") == ["1.1"]


def test_words_of_an_update_find_its_action(as_user, small):
    ProgressUpdateFactory(action=small.pct_action, note="Audit tool piloted with the named nurses.")

    assert found(as_user, small, "named nurses") == ["1.2"]


@postgresql_only
def test_a_word_finds_the_other_forms_of_it(as_user, small):
    ActionFactory(recommendation=small.recommendation, agency=small.dbc, reference="1.3", text="Recruit foster carers.")

    assert found(as_user, small, "fostering") == ["1.3"]


@postgresql_only
def test_the_action_that_says_the_words_most_comes_first(as_user, small):
    ActionFactory(
        recommendation=small.recommendation, agency=small.dbc, reference="1.3", text="Review the timetable once."
    )
    ActionFactory(
        recommendation=small.recommendation,
        agency=small.dbc,
        reference="1.4",
        text="Review the review timetable and review the reviews.",
    )

    assert found(as_user, small, "review")[0] == "1.4"
