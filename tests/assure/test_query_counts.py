"""Pages cost a fixed number of queries, however many actions the plan has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Rag, Status
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    SubActionFactory,
)

pytestmark = pytest.mark.django_db


def grow(small, actions: int):
    """Give the small partnership's plan `actions` more actions, each with a lead, a sub-action,
    a milestone and two updates, spread over several recommendations."""
    recommendations = [RecommendationFactory(section=small.section, reference=f"R{n}") for n in range(5)]
    for number in range(actions):
        agency = small.dbc if number % 2 else small.pct
        action = ActionFactory(recommendation=recommendations[number % 5], agency=agency, target="June 2012")
        ActionLeadFactory(action=action, officer=small.lead_officer)
        SubActionFactory(action=action)
        MilestoneFactory(action=action)
        ProgressUpdateFactory(action=action, as_at="May 2012", status=Status.ONGOING, rag=Rag.AMBER)
        ProgressUpdateFactory(action=action, as_at="June 2012", status=Status.ONGOING, rag=Rag.RED)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


PAGES = {
    "plan page": ("scrutiny", lambda small: reverse("actionplans:plan_detail", args=[small.plan.pk])),
    "action list": ("scrutiny", lambda small: reverse("actionplans:action_list") + "?sort=rag"),
    "filtered action list": ("scrutiny", lambda small: reverse("actionplans:action_list") + "?q=review&overdue=yes"),
    "manager's start page": ("manager", lambda small: reverse("start")),
    "lead's start page (my actions)": ("lead_dbc", lambda small: reverse("start")),
    "plans": ("scrutiny", lambda small: reverse("actionplans:plan_list")),
    "plan structure (manage)": ("manager", lambda small: reverse("manage:plan_edit", args=[small.plan.pk])),
    "dashboard": ("scrutiny", lambda small: reverse("reporting:dashboard")),
    "plan dashboard": ("scrutiny", lambda small: reverse("reporting:dashboard") + f"?plan={small.plan.pk}"),
    "recommendations": ("scrutiny", lambda small: reverse("actionplans:recommendation_list") + "?delivered=no"),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_costs_the_same_queries_for_5_and_200_actions(client, small, page):
    role, url_of = PAGES[page]
    client.force_login(small.users[role])
    url = url_of(small)

    grow(small, 3)  # 5 actions in all
    with_5 = queries(client, url)
    grow(small, 195)
    with_200 = queries(client, url)

    assert with_5 == with_200


@pytest.mark.parametrize("page", sorted(PAGES))
def test_main_pages_stay_within_their_query_budget(client, small, page, django_assert_max_num_queries):
    role, url_of = PAGES[page]
    client.force_login(small.users[role])
    grow(small, 50)

    with django_assert_max_num_queries(20):
        client.get(url_of(small))


def test_the_action_page_costs_the_same_queries_however_long_its_history(client, small):
    client.force_login(small.users["scrutiny"])
    url = reverse("actionplans:action_detail", args=[small.dbc_action.pk])
    ProgressUpdateFactory(action=small.dbc_action)
    SubActionFactory(action=small.dbc_action)
    few = queries(client, url)
    for _ in range(30):
        ProgressUpdateFactory(action=small.dbc_action)
        SubActionFactory(action=small.dbc_action)
        MilestoneFactory(action=small.dbc_action)

    assert queries(client, url) == few
