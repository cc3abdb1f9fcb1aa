"""The dashboard: every figure equals the list its link opens; queries stay fixed."""

import re
from datetime import date, datetime
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from actionplans.models import Action, ActionPlan, EvidenceDocument, Rag, Status, Timeframe
from reporting.services import version_freeze
from tests.factories import ActionFactory, ProgressUpdateFactory, RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime(2012, 7, 15, 12, tzinfo=ZoneInfo("Europe/London"))


LIST_PATHS = {"/actions/", "/recommendations/"}


def figure_links(page: str) -> list[tuple[str, int]]:
    """(href, number) for every link on the dashboard whose text starts with a number."""
    found = []
    for href, text in re.findall(r'<a class="govuk-link[^"]*" href="([^"]+)"[^>]*>(.*?)</a>', page, re.S):
        number = re.match(r"\s*(?:<[^>]+>\s*)*(\d+)", text)
        if number and urlparse(href.replace("&amp;", "&")).path in LIST_PATHS:
            found.append((href.replace("&amp;", "&"), int(number.group(1))))
    return found


def list_count(client, href: str) -> int:
    response = client.get(href)
    assert response.status_code == 200, href
    return response.context["page"].paginator.count


def known_plan(small):
    """The small partnership's plan with actions in every state, counted by hand."""
    rec = small.recommendation
    ProgressUpdateFactory(action=small.pct_action, as_at="July 2012", rag=Rag.GREEN)  # on track, not yet due
    for n in range(3):  # completed; one with an evidence file
        done = ActionFactory(recommendation=rec, agency=small.dbc, reference=f"C{n}", target="June 2012")
        update = ProgressUpdateFactory(action=done, as_at="July 2012", status=Status.COMPLETED)
        if n == 0:
            EvidenceDocument.objects.create(
                progress_update=update,
                file="evidence/x.pdf",
                original_name="x.pdf",
                content_type="application/pdf",
                size=1,
                uploaded_by=small.users["lead_dbc"],
            )
    for n in range(2):  # at risk, due in the next 30 days
        risky = ActionFactory(recommendation=rec, agency=small.pct, reference=f"A{n}", target="31st July 2012")
        ProgressUpdateFactory(action=risky, as_at="July 2012", rag=Rag.AMBER)
    for n in range(4):  # overdue (and so off track), reported green
        late = ActionFactory(recommendation=rec, agency=small.dbc, reference=f"L{n}", target="March 2012")
        ProgressUpdateFactory(action=late, as_at="June 2012", rag=Rag.GREEN)
    later = RecommendationFactory(section=small.section, timeframe=Timeframe.WITHIN_6_MONTHS)
    ActionFactory(recommendation=later, agency=small.pct, reference="N1", target="Ongoing")  # not rated, no date
    # small.dbc_action: June 2012, no update: overdue as well.


@time_machine.travel(TODAY, tick=False)
def test_headline_figures_on_a_plan_with_known_counts(client, small):
    known_plan(small)
    client.force_login(small.users["scrutiny"])

    response = client.get(reverse("reporting:dashboard"), {"plan": small.plan.pk})

    figures = {figure.label: figure.value for figure in response.context["dashboard"].headlines}
    assert response.context["dashboard"].total.value == 12
    assert figures == {
        "Completed": 3,
        "On track": 1,
        "At risk": 2,
        "Off track": 5,
        "Overdue": 5,
        "Not yet due": 3,
        "Completed without evidence": 2,
    }
    assert response.context["dashboard"].delivered.value == 0


@time_machine.travel(TODAY, tick=False)
def test_every_figure_on_the_dashboard_is_the_length_of_the_list_it_opens(client, small):
    known_plan(small)
    version_freeze(plan=small.plan, label="June board", as_at=date(2012, 6, 30))
    ActionFactory(recommendation=small.recommendation, agency=small.dbc, reference="NEW", target="December 2012")
    client.force_login(small.users["scrutiny"])

    for query in ({"plan": small.plan.pk}, {"plan": small.plan.pk, "agency": small.dbc.pk}, {"since": "2012-07-01"}):
        page = client.get(reverse("reporting:dashboard"), query).content.decode()
        links = figure_links(page)
        assert len(links) > 20
        mismatches = [
            (href, number, list_count(client, href)) for href, number in links if list_count(client, href) != number
        ]
        assert mismatches == []


def test_every_figure_matches_its_list_on_the_demo_data(client, demo_partnerships):
    client.force_login(get_user_model().objects.get(username="darlington-scrutiny"))
    plan = ActionPlan.objects.get(partnership__slug="darlington")

    for query in ({}, {"plan": plan.pk}):
        page = client.get(reverse("reporting:dashboard"), query).content.decode()
        links = figure_links(page)
        assert links
        assert [(href, number) for href, number in links if list_count(client, href) != number] == []


@time_machine.travel(TODAY, tick=False)
def test_figure_links_keep_the_dashboards_filters(client, small):
    client.force_login(small.users["scrutiny"])

    page = client.get(reverse("reporting:dashboard"), {"plan": small.plan.pk, "agency": small.dbc.pk}).content.decode()

    for href, _number in figure_links(page):
        query = parse_qs(urlparse(href).query)
        assert query["plan"] == [str(small.plan.pk)]
        if resolve(urlparse(href).path).url_name == "action_list" and "agency" in query:
            assert query["agency"] == [str(small.dbc.pk)]


def test_each_chart_has_a_text_alternative_and_a_table_of_its_numbers(client, small):
    ProgressUpdateFactory(action=small.dbc_action, as_at="June 2012", rag=Rag.AMBER)
    client.force_login(small.users["scrutiny"])

    page = client.get(reverse("reporting:dashboard")).content.decode()

    charts = re.findall(r"<svg[^>]*aria-labelledby=\"([^\"]+)\"", page)
    assert len(charts) == 7  # agency, section, timeframe x (RAG, status), and over time
    for labelled_by in charts:
        title_id, desc_id = labelled_by.split()
        assert f'<title id="{title_id}">' in page and f'<desc id="{desc_id}">' in page
    assert page.count("the chart&#x27;s numbers") == 7 or page.count("the chart's numbers") == 7


def test_the_dashboard_is_read_only_for_every_role(client, small):
    for user in small.users.values():
        client.force_login(user)
        assert client.get(reverse("reporting:dashboard")).status_code == 200
        assert client.post(reverse("reporting:dashboard")).status_code == 405


def test_a_bad_filter_is_explained_and_the_rest_still_shows(client, small):
    client.force_login(small.users["scrutiny"])

    response = client.get(reverse("reporting:dashboard"), {"plan": "999999", "since": "31/02/2012"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem with the filter" in page
    assert "Choose one of the partnership&#x27;s plans" in page
    assert "Enter the date as day/month/year" in page
    assert response.context["dashboard"].total.value == 2


def grow_quickly(small, count: int):
    """Many actions, each with an update, in few queries."""
    from actionplans.models import ProgressUpdate

    actions = Action.objects.bulk_create(
        Action(
            recommendation=small.recommendation,
            agency=small.dbc if n % 2 else small.pct,
            reference=f"G{n}",
            text="Generated",
            target_text="June 2012",
            target_date=date(2012, 6, 30),
            target_precision="month",
        )
        for n in range(count)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=action,
            as_at_text="June 2012",
            as_at_date=date(2012, 6, 30),
            as_at_precision="month",
            rag=Rag.AMBER,
            status=Status.ONGOING,
        )
        for action in actions
    )
    Action.objects.filter(pk__in=[action.pk for action in actions]).refresh_latest_updates()


def test_the_dashboard_costs_the_same_queries_for_10_and_1000_actions(client, small):
    client.force_login(small.users["scrutiny"])
    version_freeze(plan=small.plan, label="June board", as_at=date(2012, 6, 30))
    url = reverse("reporting:dashboard") + f"?plan={small.plan.pk}"
    grow_quickly(small, 8)

    with CaptureQueriesContext(connection) as ten:
        client.get(url)
    grow_quickly(small, 990)
    with CaptureQueriesContext(connection) as thousand:
        client.get(url)

    assert len(ten) == len(thousand)


def test_a_member_of_another_partnership_sees_only_their_own_figures(client, small):
    outsider = UserFactory()
    from agencies.roles import Role
    from tests.factories import MembershipFactory

    MembershipFactory(user=outsider, role=Role.SCRUTINY)
    client.force_login(outsider)

    assert client.get(reverse("reporting:dashboard")).context["dashboard"].total.value == 0
