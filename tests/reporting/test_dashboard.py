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
from django.utils import timezone

from actionplans.models import Action, ActionPlan, Decision, Rag, SignOff, Status, Timeframe
from reporting.services import version_freeze
from tests.factories import (
    ActionFactory,
    EvidenceDocumentFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    UserFactory,
)

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
    for n in range(3):  # completed; one with an evidence file and accepted, two awaiting assurance
        done = ActionFactory(recommendation=rec, agency=small.dbc, reference=f"C{n}", target="June 2012")
        update = ProgressUpdateFactory(action=done, as_at="July 2012", status=Status.COMPLETED)
        if n == 0:  # accepted at sign-off
            SignOff.objects.create(update=update, decision=Decision.ACCEPTED, decided_by=small.users["manager"])
            EvidenceDocumentFactory(progress_update=update, uploaded_by=small.users["lead_dbc"])
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
        "Completed, awaiting assurance": 2,
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
    assert len(thousand) <= 25


def test_a_member_of_another_partnership_sees_only_their_own_figures(client, small):
    outsider = UserFactory()
    from agencies.roles import Role
    from tests.factories import MembershipFactory

    MembershipFactory(user=outsider, role=Role.SCRUTINY)
    client.force_login(outsider)

    assert client.get(reverse("reporting:dashboard")).context["dashboard"].total.value == 0


def references(actions) -> list[str]:
    return [action.reference for action in actions]


def dashboard_for(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("reporting:dashboard"), query)
    assert response.status_code == 200
    return response


@time_machine.travel(TODAY, tick=False)
def test_the_overdue_and_due_soon_lists_name_their_actions_soonest_first(client, small):
    known_plan(small)

    dashboard = dashboard_for(client, small.users["scrutiny"], plan=small.plan.pk).context["dashboard"]

    assert references(dashboard.overdue) == ["L0", "L1", "L2", "L3", "1.1"]
    assert references(dashboard.due_soon_actions) == ["A0", "A1"]
    assert dashboard.due_soon.value == 2


@time_machine.travel(TODAY, tick=False)
def test_red_actions_are_listed_with_their_latest_note_escaped(client, small):
    known_plan(small)
    late = Action.objects.get(reference="L0")
    ProgressUpdateFactory(action=late, as_at="1 July 2012", note="Waiting on <b>IT</b> <script>alert(1)</script>")

    response = dashboard_for(client, small.users["scrutiny"], plan=small.plan.pk)

    red = response.context["dashboard"].red
    assert references(red) == ["L0", "L1", "L2", "L3", "1.1"]
    assert red[0].latest_note.startswith("Waiting on")
    page = response.content.decode()
    assert "Waiting on &lt;b&gt;IT&lt;/b&gt; &lt;script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "No update yet" in page  # 1.1 has never been updated


def test_changed_since_the_last_version_lists_the_actions_added_edited_or_updated_after_it(client, small):
    with time_machine.travel(timezone.now(), tick=False) as traveller:  # after `small` was built
        known_plan(small)
        version_freeze(plan=small.plan, label="June board", as_at=date(2012, 6, 30))
        traveller.shift(60)
        ActionFactory(recommendation=small.recommendation, agency=small.dbc, reference="NEW", target="December 2012")
        ProgressUpdateFactory(action=small.pct_action, as_at="15 July 2012", rag=Rag.AMBER)
        edited = Action.objects.get(reference="A1")
        edited.text = "Reworded after the board"
        edited.save()

        response = dashboard_for(client, small.users["scrutiny"], plan=small.plan.pk)

    dashboard = response.context["dashboard"]
    assert dashboard.changed.value == 3
    assert sorted(references(dashboard.changed_actions)) == ["1.2", "A1", "NEW"]
    assert "since June board" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_of_a_plan_without_versions_says_so(client, small):
    response = dashboard_for(client, small.users["scrutiny"], plan=small.plan.pk)

    assert response.context["dashboard"].changed is None
    assert "This plan has no frozen version yet." in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_agencies_not_updated_since_the_chosen_date_with_those_silent_on_every_action_first(client, small):
    known_plan(small)  # DBC: 3 of 8 updated in July; PCT: 3 of 4
    ProgressUpdateFactory(action=Action.objects.get(reference="N1"), as_at="June 2012", rag=Rag.GREEN)

    july = dashboard_for(client, small.users["scrutiny"], plan=small.plan.pk, since="2012-07-01")
    august = dashboard_for(client, small.users["scrutiny"], plan=small.plan.pk, since="2012-08-01")

    assert [
        (a["agency__short_name"], a["not_updated"], a["actions"], a["none_since"])
        for a in july.context["dashboard"].agencies_not_updated
    ] == [("DBC", 5, 8, False), ("PCT", 1, 4, False)]
    assert [(a["agency__short_name"], a["none_since"]) for a in august.context["dashboard"].agencies_not_updated] == [
        ("DBC", True),
        ("PCT", True),
    ]
    assert "Agencies not updated since 1 August 2012" in august.content.decode()
    assert "No update on any action" in august.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_without_versions_progress_over_time_is_the_rag_given_in_each_months_updates(client, small):
    known_plan(small)

    dashboard = dashboard_for(client, small.users["scrutiny"], plan=small.plan.pk).context["dashboard"]

    assert dashboard.over_time_source == "months"
    assert [(entry["label"], entry["rag"]) for entry in dashboard.over_time] == [
        ("June 2012", {Rag.RED: 0, Rag.AMBER: 0, Rag.GREEN: 4, Rag.BLUE: 0, "": 0}),
        ("July 2012", {Rag.RED: 0, Rag.AMBER: 2, Rag.GREEN: 1, Rag.BLUE: 0, "": 3}),
    ]


def test_with_versions_progress_over_time_is_the_rag_mix_of_each_version_for_the_filters_chosen(client, small):
    with time_machine.travel(datetime(2012, 6, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False) as traveller:
        version_freeze(plan=small.plan, label="May board", as_at=date(2012, 5, 31))  # nothing overdue yet
        traveller.move_to(TODAY)
        ProgressUpdateFactory(action=small.pct_action, as_at="July 2012", rag=Rag.AMBER)
        version_freeze(plan=small.plan, label="July board", as_at=date(2012, 7, 15))  # 1.1 overdue: red

        whole = dashboard_for(client, small.users["scrutiny"], plan=small.plan.pk).context["dashboard"]
        pct = dashboard_for(client, small.users["scrutiny"], plan=small.plan.pk, agency=small.pct.pk)
        pct_in_section = dashboard_for(
            client, small.users["scrutiny"], plan=small.plan.pk, agency=small.pct.pk, section=small.section.pk
        )

    assert whole.over_time_source == "versions"
    assert [(entry["label"], entry["rag"]) for entry in whole.over_time] == [
        ("May board", {Rag.RED: 0, Rag.AMBER: 0, Rag.GREEN: 0, Rag.BLUE: 0, "": 2}),
        ("July board", {Rag.RED: 1, Rag.AMBER: 1, Rag.GREEN: 0, Rag.BLUE: 0, "": 0}),
    ]
    for response in (pct, pct_in_section):
        assert [entry["rag"][Rag.AMBER] for entry in response.context["dashboard"].over_time] == [0, 1]
        assert [entry["rag"][Rag.RED] for entry in response.context["dashboard"].over_time] == [0, 0]


@time_machine.travel(TODAY, tick=False)
def test_the_section_filter_narrows_every_figure_and_stays_in_the_links(client, small):
    known_plan(small)
    other = RecommendationFactory(section__plan=small.plan, section__title="Health")
    ActionFactory(recommendation=other, agency=small.pct, reference="H1", target="March 2012")

    response = dashboard_for(client, small.users["scrutiny"], plan=small.plan.pk, section=other.section.pk)

    dashboard = response.context["dashboard"]
    assert dashboard.total.value == 1
    assert references(dashboard.overdue) == ["H1"]
    for href, number in figure_links(response.content.decode()):
        assert parse_qs(urlparse(href).query)["section"] == [str(other.section.pk)]
        assert list_count(client, href) == number


@time_machine.travel(TODAY, tick=False)
def test_a_completion_with_a_written_evidence_statement_counts_as_carrying_evidence(client, small):
    ProgressUpdateFactory(action=small.dbc_action, status="completed", evidence_statement="Minutes of the June board.")
    ProgressUpdateFactory(action=small.pct_action, status="completed")
    Action.objects.refresh_latest_updates()
    client.force_login(small.users["scrutiny"])

    response = client.get(reverse("reporting:dashboard"), {"plan": small.plan.pk})

    figures = {figure.label: figure.value for figure in response.context["dashboard"].headlines}
    assert figures["Completed without evidence"] == 1
    listed = client.get(reverse("actionplans:action_list"), {"state": "completed_without_evidence"})
    assert [action.reference for action in listed.context["page"].object_list] == [small.pct_action.reference]
