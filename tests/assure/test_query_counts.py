"""Pages cost a fixed number of queries, however many actions the plan has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import (
    Action,
    ActionLead,
    EvidenceDocument,
    Milestone,
    ProgressUpdate,
    Rag,
    Status,
    SubAction,
)
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
    a milestone and two updates, spread over several recommendations: built by the factories and
    saved with one INSERT per kind of row."""
    recommendations = [RecommendationFactory(section=small.section, reference=f"R{n}") for n in range(5)]
    added = Action.objects.bulk_create(
        ActionFactory.build(
            recommendation=recommendations[number % 5],
            agency=small.dbc if number % 2 else small.pct,
            target="June 2012",
        )
        for number in range(actions)
    )
    lead = small.lead_officer
    ActionLead.objects.bulk_create(ActionLeadFactory.build(action=action, officer=lead) for action in added)
    SubAction.objects.bulk_create(SubActionFactory.build(action=action) for action in added)
    Milestone.objects.bulk_create(MilestoneFactory.build(action=action) for action in added)
    ProgressUpdate.objects.bulk_create(
        ProgressUpdateFactory.build(action=action, as_at=as_at, status=Status.ONGOING, rag=rag)
        for action in added
        for as_at, rag in (("May 2012", Rag.AMBER), ("June 2012", Rag.RED))
    )
    Action.objects.filter(pk__in=[action.pk for action in added]).refresh_latest_updates()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# Reading the session, saving it, and one for two-factor: the device a verified session was
# verified with, or (for someone not verified) whether they owe a code or a set-up.
SESSION_QUERIES = 4

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
    "update rounds": ("manager", lambda small: reverse("actionplans:round_list")),
    "emails": ("manager", lambda small: reverse("actionplans:reminder_list")),
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

    # 20 for the page, and 4 for the session: reading it, saving it to renew the 30 minutes, and two-factor
    with django_assert_max_num_queries(SESSION_QUERIES + 20):
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


def test_the_update_round_page_and_the_leads_start_page_cost_the_same_for_5_and_200_actions(client, small):
    from datetime import date

    from actionplans.services.rounds import round_close, round_open

    def round_queries():
        update_round = round_open(
            plan=small.plan, by=small.users["manager"], deadline=date(2099, 1, 1), today=date.today()
        )
        client.force_login(small.users["manager"])
        on_round_page = queries(client, reverse("actionplans:round_detail", args=[update_round.pk]))
        client.force_login(small.users["lead_dbc"])
        on_start_page = queries(client, reverse("start"))
        round_close(update_round=update_round, by=small.users["manager"])
        return on_round_page, on_start_page

    grow(small, 3)
    with_5 = round_queries()
    grow(small, 195)
    with_200 = round_queries()

    assert with_5 == with_200
    assert max(with_200) <= 25


def test_the_assurance_list_costs_the_same_for_2_and_50_completions(client, small):
    def completions(count):
        for _ in range(count):
            action = ActionFactory(recommendation=small.recommendation, agency=small.dbc, target="June 2012")
            update = ProgressUpdateFactory(action=action, as_at="July 2012", status=Status.COMPLETED)
            EvidenceDocument.objects.create(
                progress_update=update,
                file="evidence/x.pdf",
                original_name="x.pdf",
                content_type="application/pdf",
                size=1,
                uploaded_by=small.users["lead_dbc"],
            )

    client.force_login(small.users["manager"])
    completions(2)
    with_2 = queries(client, reverse("actionplans:assurance_list"))
    completions(48)
    with_50 = queries(client, reverse("actionplans:assurance_list"))

    assert with_2 == with_50 <= 20
