"""The business manager builds and rearranges plans in the application."""

import re
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from actionplans.models import Action, ActionPlan, Inspection, Judgement, Milestone, Recommendation, Section, SubAction
from tests.factories import ActionFactory, OfficerFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def action_data(action, **changes):
    data = {
        "reference": action.reference,
        "text": action.text,
        "agency": action.agency_id,
        "leads_note": "",
        "target": str(action.target),
        "outcome_measure": "",
        "measure_of_success": "",
        "evidence_expected": "",
        "assurance_measures": "",
        "desired_outcome": "",
        "reported_to": "",
        "next_review": "",
        "source": "",
        "version": action.version,
    }
    data.update(changes)
    return data


def audited_by(obj, user) -> bool:
    return LogEntry.objects.get_for_object(obj).filter(actor=user).exists()


def test_manager_records_an_inspection_its_publication_and_judgements(as_user, small):
    client = as_user(small.users["manager"])

    response = client.post(
        reverse("manage:inspection_create"),
        {
            "title": "Inspection of services for children in need of help and protection",
            "inspectorates": "ofsted",
            "inspected": "November 2011",
            "published_0": "6",
            "published_1": "1",
            "published_2": "2012",
            "summary": "",
        },
    )
    inspection = Inspection.objects.get(title__startswith="Inspection of services")
    client.post(
        reverse("manage:judgement_create", args=[inspection.pk]),
        {"area": "Safeguarding services", "criterion": "Overall effectiveness", "grade": "adequate"},
    )

    assert response.status_code == 302
    assert (inspection.inspected_text, inspection.published_on) == ("November 2011", date(2012, 1, 6))
    assert inspection.plan_deadline == date(2012, 4, 17)
    assert str(inspection.judgements.get()) == "Safeguarding services / Overall effectiveness / Adequate"
    assert audited_by(inspection, small.users["manager"])


def test_manager_builds_a_plan_section_recommendation_and_action_with_leads(as_user, small):
    client = as_user(small.users["manager"])
    second_lead = OfficerFactory(partnership=small.partnership, agency=small.dbc, name="Anne Holt")

    client.post(
        reverse("manage:plan_create"),
        {
            "title": "Improvement plan",
            "owner_body": "Testshire LSCB",
            "inspection": small.plan.inspection_id,
            "as_at": "July 2012",
        },
    )
    plan = ActionPlan.objects.get(title="Improvement plan")
    client.post(reverse("manage:section_create", args=[plan.pk]), {"number": "1", "title": "Practice"})
    section = plan.sections.get()
    client.post(
        reverse("manage:recommendation_create", args=[section.pk]),
        {
            "reference": "1.1",
            "text": "Ensure core assessments follow every investigation",
            "timeframe_words": "Within 3 months",
            "agencies": [small.dbc.pk],
            "version": 1,
        },
    )
    recommendation = section.recommendations.get()
    response = client.post(
        reverse("manage:action_create", args=[recommendation.pk]),
        {
            **action_data(
                Action(agency=small.dbc),
                reference="1.1",
                text="Reiterate advice to all staff",
                target="Sept 2012",
                version=1,
            ),
            "leads": [second_lead.pk, small.lead_officer.pk],
        },
        follow=True,
    )

    action = recommendation.actions.get()
    assert plan.as_at_text == "July 2012" and plan.partnership == small.partnership
    assert (recommendation.timeframe, recommendation.timeframe_text) == ("within_3_months", "Within 3 months")
    assert (action.text, action.target_text, action.target_date) == (
        "Reiterate advice to all staff",
        "Sept 2012",
        date(2012, 9, 30),
    )
    assert {officer.name for officer in action.leads.all()} == {"Anne Holt", "Jenni Cooke"}
    assert "The action has been added." in text_of(response)
    for obj in (plan, section, recommendation, action):
        assert audited_by(obj, small.users["manager"])


def test_changing_an_action_keeps_its_leads_in_order_and_records_the_change(as_user, small):
    anne = OfficerFactory(partnership=small.partnership, name="Anne Holt")

    as_user(small.users["manager"]).post(
        reverse("manage:action_edit", args=[small.dbc_action.pk]),
        {
            **action_data(small.dbc_action, target="December 2012", leads=[anne.pk, small.lead_officer.pk]),
            "target_change_reason": "The review panel meets in December.",
        },
    )

    small.dbc_action.refresh_from_db()
    assert [link.officer.name for link in small.dbc_action.lead_links.all()] == ["Jenni Cooke", "Anne Holt"]
    assert small.dbc_action.version == 2
    change = LogEntry.objects.get_for_object(small.dbc_action).filter(action=LogEntry.Action.UPDATE).get()
    assert change.actor == small.users["manager"]
    assert change.changes["target_text"] == ["June 2012", "December 2012"]


def test_a_second_editor_is_told_what_changed_and_keeps_what_they_typed(as_user, small, client):
    url = reverse("manage:action_edit", args=[small.dbc_action.pk])
    started_from = action_data(small.dbc_action, leads=[small.lead_officer.pk])
    as_user(small.users["manager"]).post(
        url, {**started_from, "target": "October 2012", "target_change_reason": "Staff shortage."}
    )

    second = client.post(url, {**started_from, "text": "My rewritten action text"})

    small.dbc_action.refresh_from_db()
    page = text_of(second)
    assert second.status_code == 400
    assert small.dbc_action.target_text == "October 2012"
    assert small.dbc_action.text == "Review the LAC timetable"
    assert "Someone else changed this while you were editing it" in page
    assert "Target date as written" in page and "June 2012" in page and "October 2012" in page
    assert "My rewritten action text" in page
    assert 'name="version" value="2"' in second.content.decode()


def test_after_seeing_the_conflict_saving_again_keeps_the_second_version(as_user, small):
    url = reverse("manage:action_edit", args=[small.dbc_action.pk])
    client = as_user(small.users["manager"])
    started_from = action_data(small.dbc_action, leads=[small.lead_officer.pk])
    client.post(url, {**started_from, "target": "October 2012"})
    client.post(url, {**started_from, "text": "Rewritten"})

    again = client.post(url, {**started_from, "text": "Rewritten", "version": 2})

    small.dbc_action.refresh_from_db()
    assert again.status_code == 302
    assert (small.dbc_action.text, small.dbc_action.version) == ("Rewritten", 3)


def test_recommendations_are_protected_from_overwriting_too(as_user, small):
    url = reverse("manage:recommendation_edit", args=[small.recommendation.pk])
    client = as_user(small.users["manager"])
    data = {"reference": "1", "text": "First rewrite", "timeframe_words": "", "version": 1}
    client.post(url, data)

    second = client.post(url, {**data, "text": "Second rewrite"})

    small.recommendation.refresh_from_db()
    assert second.status_code == 400
    assert small.recommendation.text == "First rewrite"
    assert "Someone else changed this" in text_of(second)


def test_bad_dates_in_plan_forms_are_explained(as_user, small):
    response = as_user(small.users["manager"]).post(
        reverse("manage:action_edit", args=[small.dbc_action.pk]), action_data(small.dbc_action, target="31/02/2012")
    )

    assert response.status_code == 400
    assert "&#x27;31/02/2012&#x27; is not a real date." in response.content.decode()


def test_sections_recommendations_and_actions_can_be_reordered(as_user, small):
    client = as_user(small.users["manager"])
    client.post(reverse("manage:move", args=["action", small.pct_action.pk, "up"]))
    second_section = Section.objects.create(plan=small.plan, title="Looked after children", position=5)
    client.post(reverse("manage:move", args=["section", second_section.pk, "up"]))

    assert list(small.recommendation.actions.order_by("position")) == [small.pct_action, small.dbc_action]
    assert list(small.plan.sections.order_by("position")) == [second_section, small.section]
    assert client.post(reverse("manage:move", args=["action", small.pct_action.pk, "up"])).status_code == 302


def test_an_action_moves_to_another_recommendation_of_the_plan(as_user, small):
    other = RecommendationFactory(section=small.section, reference="2")
    client = as_user(small.users["manager"])

    response = client.post(reverse("manage:action_relocate", args=[small.dbc_action.pk]), {"recommendation": other.pk})
    foreign = RecommendationFactory()
    refused = client.post(reverse("manage:action_relocate", args=[small.pct_action.pk]), {"recommendation": foreign.pk})

    small.dbc_action.refresh_from_db()
    assert response.status_code == 302 and small.dbc_action.recommendation == other
    assert refused.status_code == 400
    assert Action.objects.get(pk=small.pct_action.pk).recommendation == small.recommendation


def test_sub_actions_and_milestones_are_added_changed_and_removed(as_user, small):
    client = as_user(small.users["manager"])
    client.post(
        reverse("manage:sub_action_create", args=[small.dbc_action.pk]),
        {
            "kind": "underpinned_by",
            "text": "Refresher training",
            "leads": [small.lead_officer.pk],
            "target": "May 2012",
        },
    )
    client.post(
        reverse("manage:milestone_create", args=[small.dbc_action.pk]),
        {
            "text": "Training delivered",
            "due": "June 2012",
            "done_0": "1",
            "done_1": "6",
            "done_2": "2012",
        },
    )
    sub_action = SubAction.objects.get(text="Refresher training")
    milestone = Milestone.objects.get(text="Training delivered")

    assert [link.officer for link in sub_action.lead_links.all()] == [small.lead_officer]
    assert (milestone.due_text, milestone.done_on) == ("June 2012", date(2012, 6, 1))
    client.post(reverse("manage:sub_action_delete", args=[sub_action.pk]))
    client.post(reverse("manage:milestone_delete", args=[milestone.pk]))
    assert not SubAction.objects.filter(pk=sub_action.pk).exists()
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    removed = LogEntry.objects.filter(action=LogEntry.Action.DELETE, additional_data__action_id=small.dbc_action.pk)
    assert sorted(entry.content_type.model for entry in removed) == ["milestone", "subaction", "subactionlead"]


def test_the_action_page_history_shows_who_changed_what(as_user, small):
    as_user(small.users["manager"]).post(
        reverse("manage:action_edit", args=[small.dbc_action.pk]),
        {
            **action_data(small.dbc_action, target="December 2012", leads=[small.lead_officer.pk]),
            "target_change_reason": "The review panel meets in December.",
        },
    )

    page = text_of(
        as_user(small.users["scrutiny"]).get(reverse("actionplans:action_detail", args=[small.dbc_action.pk]))
    )

    history = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split('id="history"')[1]))
    assert "Manager: Changed action" in history
    assert "Target date as written June 2012 December 2012" in history
    assert (
        "Added target change: Target date moved from June 2012 to December 2012. "
        "Reason: The review panel meets in December." in history
    )


def test_forms_only_offer_the_partnerships_own_agencies_and_officers(as_user, small):
    stranger = OfficerFactory()

    response = as_user(small.users["manager"]).post(
        reverse("manage:action_edit", args=[small.dbc_action.pk]),
        action_data(
            small.dbc_action,
            agency=stranger.partnership.agencies.create(name="X", short_name="X", kind="other").pk,
            leads=[stranger.pk],
        ),
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    small.dbc_action.refresh_from_db()
    assert small.dbc_action.agency == small.dbc


def test_judgements_can_be_changed_and_removed(as_user, small):
    judgement = Judgement.objects.create(
        inspection=small.plan.inspection, area="LAC", criterion="Overall", grade="good"
    )
    client = as_user(small.users["manager"])

    client.post(
        reverse("manage:judgement_edit", args=[judgement.pk]),
        {"area": "LAC", "criterion": "Overall", "grade": "adequate"},
    )
    judgement.refresh_from_db()
    assert judgement.grade == "adequate"
    client.post(reverse("manage:judgement_delete", args=[judgement.pk]))
    assert not Judgement.objects.filter(pk=judgement.pk).exists()


def test_new_actions_go_last_in_their_recommendation(as_user, small):
    ActionFactory(recommendation=small.recommendation, agency=small.dbc, position=7)

    as_user(small.users["manager"]).post(
        reverse("manage:action_create", args=[small.recommendation.pk]),
        action_data(Action(agency=small.dbc), text="Last one", version=1),
    )

    assert Action.objects.get(text="Last one").position == 8
    assert Recommendation.objects.get(pk=small.recommendation.pk).actions.order_by("position").last().text == "Last one"
