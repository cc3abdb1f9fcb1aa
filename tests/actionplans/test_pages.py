"""What each role sees on the plan, action, list, glossary and start pages."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from actionplans.filters import ActionFilter, RecommendationFilter
from actionplans.models import Rag, Status
from tests.factories import ActionFactory, ProgressUpdateFactory
from tests.two_factor import authenticator, code_for

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_anonymous_visitors_are_asked_to_sign_in(client, small):
    response = client.get(reverse("actionplans:plan_detail", args=[small.plan.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_signing_in_lands_each_role_on_its_own_start_page(client, small):
    manager_authenticator = authenticator(small.users["manager"])
    pages = {}
    for name in ("manager", "scrutiny", "lead_dbc"):
        client.post(reverse("login"), {"username": f"testshire-{name}", "password": "correct horse battery staple"})
        if name == "manager":  # business managers give a two-factor code after the password
            client.post(reverse("two_factor_verify"), {"code": code_for(manager_authenticator)})
        pages[name] = text_of(client.get(reverse("start"), follow=True))
        client.post(reverse("logout"))

    assert "Business manager: where the plans stand" in pages["manager"]
    assert "Scrutiny: where the plans stand" in pages["scrutiny"]
    assert "My actions" in pages["lead_dbc"] and "Review the LAC timetable" in pages["lead_dbc"]
    assert "Audit health assessments" not in pages["lead_dbc"]


def test_a_wrong_password_is_explained_in_plain_english(client, small):
    response = client.post(reverse("login"), {"username": "testshire-manager", "password": "wrong"})

    assert "There is a problem" in text_of(response)
    assert "The username or password is not right" in text_of(response)


def test_my_actions_puts_overdue_actions_first_and_completed_last(as_user, small):
    done = ActionFactory(
        recommendation=small.recommendation, agency=small.dbc, text="Completed thing", target="June 2012"
    )
    ProgressUpdateFactory(action=done, as_at="July 2012", status=Status.COMPLETED)
    ActionFactory(recommendation=small.recommendation, agency=small.dbc, text="Future thing", target="December 2099")

    page = text_of(as_user(small.users["lead_dbc"]).get(reverse("start")))

    assert page.index("Review the LAC timetable") < page.index("Future thing") < page.index("Completed thing")


def test_plan_page_shows_recommendations_and_actions_with_rag_as_words(as_user, small):
    ProgressUpdateFactory(action=small.pct_action, as_at="June 2012", rag=Rag.AMBER)

    page = text_of(as_user(small.users["scrutiny"]).get(reverse("actionplans:plan_detail", args=[small.plan.pk])))

    assert "Ensure that" in page and "Review the LAC timetable" in page and "Audit health assessments" in page
    assert ">Red: off track</strong>" in page and ">Overdue</strong>" in page
    assert ">Amber: at risk</strong>" in page


@time_machine.travel(datetime(2012, 10, 31, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_an_overdue_action_says_how_long_it_has_been_overdue(as_user, small):
    page = text_of(
        as_user(small.users["scrutiny"]).get(reverse("actionplans:action_detail", args=[small.dbc_action.pk]))
    )

    assert '>Overdue</strong> <span class="govuk-body-s assure-overdue-by">by 4 months</span>' in page
    assert "June 2012" in page and "Jenni Cooke" in page


def test_abbreviations_are_explained_and_reachable_by_keyboard_once(as_user, small):
    page = as_user(small.users["scrutiny"]).get(reverse("actionplans:action_detail", args=[small.dbc_action.pk]))
    page = page.content.decode()

    assert page.count('<abbr title="Looked After Children" tabindex="0">LAC</abbr>') == 1
    assert '<abbr title="Looked After Children">LAC</abbr>' in page


def test_html_in_plan_text_is_shown_as_text(as_user, small):
    small.dbc_action.text = '<script>alert("x")</script> LAC <img src=x onerror=alert(1)>'
    small.dbc_action.save()

    page = as_user(small.users["scrutiny"]).get(reverse("actionplans:action_detail", args=[small.dbc_action.pk]))

    body = page.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_action_page_shows_every_part_of_the_action(as_user, small):
    ProgressUpdateFactory(
        action=small.dbc_action, as_at="Update June 12", status=Status.ONGOING, note="Timetable drafted"
    )

    page = text_of(
        as_user(small.users["lead_pct"]).get(reverse("actionplans:action_detail", args=[small.dbc_action.pk]))
    )

    for fact in (
        "Review the LAC timetable",
        "Jenni Cooke",
        "Timetable agreed",
        "As at Update June 12 (June 2012)",
        "Timetable drafted",
        "Ongoing",
        "Red: off track. It is overdue",
        "Change history",
    ):
        assert fact in page
    assert "Add a progress update" not in page  # another agency's action: read-only


def test_the_owning_lead_and_the_manager_are_offered_an_update_but_scrutiny_is_not(as_user, small):
    url = reverse("actionplans:action_detail", args=[small.dbc_action.pk])

    assert "Add a progress update" in text_of(as_user(small.users["lead_dbc"]).get(url))
    assert "Add a progress update" in text_of(as_user(small.users["manager"]).get(url))
    assert "Add a progress update" not in text_of(as_user(small.users["scrutiny"]).get(url))
    assert "Change this action" in text_of(as_user(small.users["manager"]).get(url))


def test_another_partnerships_action_is_not_found(as_user, small):
    response = as_user(small.users["other_manager"]).get(
        reverse("actionplans:action_detail", args=[small.dbc_action.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, {"1.1", "1.2"}),
        ({"agency": "DBC"}, {"1.1"}),
        ({"overdue": "yes"}, {"1.1"}),
        ({"overdue": "no"}, {"1.2"}),
        ({"rag": "red"}, {"1.1"}),
        ({"rag": "not_rated"}, {"1.2"}),
        ({"q": "health assessments"}, {"1.2"}),
        ({"q": "LAC reviews"}, {"1.1", "1.2"}),
        ({"status": "none"}, {"1.1", "1.2"}),
        ({"lead": "Jenni Cooke"}, {"1.1"}),
    ],
)
def test_the_action_list_filters_and_counts(as_user, small, query, expected):
    lookups = {"DBC": small.dbc.pk, "Jenni Cooke": small.lead_officer.pk}
    params = {key: lookups.get(value, value) for key, value in query.items()}

    response = as_user(small.users["scrutiny"]).get(reverse("actionplans:action_list"), params)

    shown = {action.reference for action in response.context["page"].object_list}
    assert shown == expected
    assert f"{len(expected)} action" in text_of(response)


@time_machine.travel(datetime(2099, 12, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_due_within_counts_only_actions_not_complete_and_due_soon(as_user, small):
    ActionFactory(recommendation=small.recommendation, agency=small.dbc, reference="1.3", target="15/12/2099")
    done = ActionFactory(recommendation=small.recommendation, agency=small.dbc, reference="1.4", target="10/12/2099")
    ProgressUpdateFactory(action=done, status=Status.COMPLETED)
    ActionFactory(recommendation=small.recommendation, agency=small.dbc, reference="1.5", target="January 2100")

    response = as_user(small.users["scrutiny"]).get(
        reverse("actionplans:action_list"), {"due_within": "30", "sort": "target"}
    )

    assert [a.reference for a in response.context["page"].object_list] == ["1.3", "1.2"]


def test_filter_state_is_kept_in_the_url_across_pages(as_user, small):
    for number in range(30):
        ActionFactory(recommendation=small.recommendation, agency=small.dbc, reference=f"9.{number}")

    response = as_user(small.users["scrutiny"]).get(reverse("actionplans:action_list"), {"agency": small.dbc.pk})

    assert response.context["page"].paginator.count == 31
    assert f"?agency={small.dbc.pk}&amp;page=2" in response.content.decode()


def test_a_malformed_filter_is_explained_not_crashed(as_user, small):
    response = as_user(small.users["scrutiny"]).get(
        reverse("actionplans:action_list"), {"due_within": "soon", "agency": "999999"}
    )

    assert response.status_code == 200
    assert "There is a problem with the filter" in text_of(response)


def test_glossary_lists_the_partnerships_terms(as_user, small):
    page = text_of(as_user(small.users["lead_dbc"]).get(reverse("actionplans:glossary")))

    assert "LAC" in page and "Looked After Children" in page


def test_a_member_of_two_partnerships_can_switch(as_user, small):
    from agencies.roles import Role
    from tests.factories import MembershipFactory

    other = MembershipFactory(user=small.users["scrutiny"], role=Role.SCRUTINY).partnership
    client = as_user(small.users["scrutiny"])

    assert "Switch partnership" in text_of(client.get(reverse("start")))
    response = client.post(reverse("agencies:switch_partnership"), {"partnership": other.pk}, follow=True)

    assert response.context["membership"].partnership == other
    refused = client.post(reverse("agencies:switch_partnership"), {"partnership": 999999})
    assert refused.status_code == 400


def test_dates_in_the_plans_words_carry_their_reading_when_the_words_leave_out_the_year(small):
    from actionplans.loose_dates import loose_date
    from actionplans.templatetags.plans import as_written

    assert as_written(loose_date("June 12")) == "June 12 (June 2012)"
    assert as_written(loose_date("Sept 2012")) == "Sept 2012"
    assert as_written(loose_date("2/3/12")) == "2/3/12 (2 March 2012)"
    assert as_written(loose_date("Ongoing")) == "Ongoing"


@pytest.mark.parametrize("filterset", [ActionFilter, RecommendationFilter], ids=lambda filterset: filterset.__name__)
def test_every_list_filter_is_labelled_in_words_of_its_own(filterset):
    # A filter left to label itself reads "[invalid name]" or its lookup ("Recommendation section plan").
    assert {name: bool(each.label) for name, each in filterset.base_filters.items()} == {
        name: True for name in filterset.base_filters
    }


def test_the_action_list_labels_its_filters_plan_section_and_lead(as_user, small):
    page = text_of(as_user(small.users["scrutiny"]).get(reverse("actionplans:action_list")))

    labels = re.findall(r'<label class="govuk-label[^"]*" for="id_(?:plan|section|lead)">\s*([^<]+?)\s*</label>', page)
    assert labels == ["Plan", "Section", "Lead"]
    assert "[invalid name]" not in page
