"""Sign-off: a completion waits for assurance until the business manager (or the monitoring
officer) accepts it or returns it with a reason; completions need evidence; a later target date
or a better RAG rating needs a reason."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from actionplans.models import (
    Action,
    Assurance,
    Decision,
    Rag,
    Recommendation,
    Reminder,
    ReminderKind,
    SignOff,
    Status,
    TargetChange,
)
from actionplans.rag import RagAssessment, RagReason, rag_improves
from reporting.services import version_freeze
from tests.evidence_files import PDF, upload
from tests.factories import OfficerFactory, ProgressUpdateFactory, progress_form

pytestmark = pytest.mark.django_db


def update_form(**changes):
    return progress_form(
        date(2012, 7, 1), **{"status": Status.COMPLETED, "rag": Rag.GREEN, "note": "Timetable in place.", **changes}
    )


def progress(action) -> RagAssessment:
    return RagAssessment.of(Action.objects.with_progress(date(2012, 7, 15)).get(pk=action.pk))


def complete(client, action, **changes):
    return client.post(reverse("actionplans:progress_update_create", args=[action.pk]), update_form(**changes))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_completion_needs_evidence_a_file_or_a_statement(as_user, small, media):
    lead = as_user(small.users["lead_dbc"])

    refused = complete(lead, small.dbc_action)
    assert refused.status_code == 400
    assert "A completed action needs evidence" in refused.content.decode()
    assert "Timetable in place." in refused.content.decode()  # what was typed is kept
    assert not small.dbc_action.progress_updates.exists()

    with_statement = complete(lead, small.dbc_action, evidence_statement="Minutes of the June IRO panel.")
    with_file = complete(lead, small.pct_action, evidence_files=[upload("audit.pdf", PDF)])

    assert (with_statement.status_code, with_file.status_code) == (302, 403)  # PCT's action is not DBC's
    assert small.dbc_action.progress_updates.get().evidence_statement == "Minutes of the June IRO panel."


def test_evidence_from_an_earlier_update_is_enough(as_user, small, media):
    lead = as_user(small.users["lead_dbc"])
    complete(lead, small.dbc_action, status=Status.UNDERWAY, evidence_files=[upload("plan.pdf", PDF)])

    response = complete(lead, small.dbc_action, as_at_0=2)

    assert response.status_code == 302


def test_a_reported_completion_awaits_assurance_and_counts_as_complete_but_not_delivered(as_user, small):
    complete(as_user(small.users["lead_dbc"]), small.dbc_action, evidence_statement="Minutes.")

    assessment = progress(small.dbc_action)
    assert (assessment.reason, assessment.assurance, assessment.rag) == (
        RagReason.COMPLETE,
        Assurance.AWAITING,
        Rag.GREEN,
    )
    assert "The completion is awaiting assurance." in assessment.explanation
    assert not Recommendation.objects.with_delivery(date(2012, 7, 15)).get().is_delivered


def test_the_business_manager_accepts_it_the_action_is_blue_and_the_recommendation_delivered(as_user, small):
    complete(as_user(small.users["lead_dbc"]), small.dbc_action, evidence_statement="Minutes.")
    ProgressUpdateFactory(action=small.pct_action, status=Status.COMPLETED, as_at="July 2012", rag=Rag.BLUE)
    update = small.dbc_action.progress_updates.get()

    response = as_user(small.users["manager"]).post(reverse("actionplans:completion_accept", args=[update.pk]))

    assert response.status_code == 302
    sign_off = SignOff.objects.get()
    assert (sign_off.update, sign_off.decision, sign_off.decided_by) == (
        update,
        Decision.ACCEPTED,
        small.users["manager"],
    )
    assessment = progress(small.dbc_action)
    assert (assessment.assurance, assessment.rag) == (Assurance.ACCEPTED, Rag.BLUE)
    assert Recommendation.objects.with_delivery(date(2012, 7, 15)).get().is_delivered
    page = as_user(small.users["scrutiny"]).get(reverse("actionplans:action_detail", args=[small.dbc_action.pk]))
    assert "Blue: complete and assured" in page.content.decode()
    assert "Accepted by Manager" in page.content.decode()
    assert "Added sign-off: Completion accepted" in page.content.decode()  # in the change history


def test_nobody_accepts_their_own_completion_and_leads_and_scrutiny_cannot_decide_at_all(as_user, small):
    manager_on_behalf = ProgressUpdateFactory(
        action=small.pct_action,
        status=Status.COMPLETED,
        as_at="July 2012",
        recorded_by=small.users["manager"],
        evidence_statement="Audit report.",
    )
    by_lead = ProgressUpdateFactory(
        action=small.dbc_action, status=Status.COMPLETED, as_at="July 2012", recorded_by=small.users["lead_dbc"]
    )

    own_lead = as_user(small.users["lead_dbc"]).post(reverse("actionplans:completion_accept", args=[by_lead.pk]))
    other_lead = as_user(small.users["lead_pct"]).post(reverse("actionplans:completion_accept", args=[by_lead.pk]))
    scrutiny = as_user(small.users["scrutiny"]).post(reverse("actionplans:completion_return", args=[by_lead.pk]))
    own_manager = as_user(small.users["manager"]).post(
        reverse("actionplans:completion_accept", args=[manager_on_behalf.pk])
    )

    assert (own_lead.status_code, other_lead.status_code, scrutiny.status_code) == (403, 403, 403)
    assert own_manager.status_code == 403
    assert not SignOff.objects.exists()
    page = as_user(small.users["manager"]).get(reverse("actionplans:assurance_list")).content.decode()
    assert "You reported it: someone else decides." in page


def test_the_recommendations_monitoring_officer_with_a_login_can_accept(as_user, small):
    small.recommendation.monitoring_officer = OfficerFactory(
        partnership=small.partnership, user=small.users["scrutiny"], name="Ada Monitor"
    )
    small.recommendation.save()
    update = ProgressUpdateFactory(
        action=small.dbc_action, status=Status.COMPLETED, as_at="July 2012", recorded_by=small.users["lead_dbc"]
    )

    response = as_user(small.users["scrutiny"]).post(reverse("actionplans:completion_accept", args=[update.pk]))

    assert response.status_code == 302
    assert SignOff.objects.get().decided_by == small.users["scrutiny"]


def test_a_returned_completion_reaches_the_lead_and_the_action_is_no_longer_complete(
    as_user, small, django_capture_on_commit_callbacks
):
    complete(as_user(small.users["lead_dbc"]), small.dbc_action, evidence_statement="Minutes.")
    update = small.dbc_action.progress_updates.get()
    manager = as_user(small.users["manager"])
    url = reverse("actionplans:completion_return", args=[update.pk])

    without_reason = manager.post(url, {"reason": "  "})
    with django_capture_on_commit_callbacks(execute=True):
        returned = manager.post(url, {"reason": "Attach the <b>audit</b> report, not the minutes."})

    assert (
        without_reason.status_code == 400
        and "Say why the completion is being returned" in without_reason.content.decode()
    )
    assert returned.status_code == 302
    sign_off = SignOff.objects.get()
    assert (sign_off.decision, sign_off.reason) == (
        Decision.RETURNED,
        "Attach the <b>audit</b> report, not the minutes.",
    )
    assessment = progress(small.dbc_action)
    assert (assessment.reason, assessment.assurance, assessment.rag) == (RagReason.OVERDUE, Assurance.RETURNED, Rag.RED)
    assert "was returned at sign-off" in assessment.explanation
    email = Reminder.objects.get(kind=ReminderKind.COMPLETION_RETURNED)
    assert email.recipient == small.users["lead_dbc"] and email.sent_at
    assert "Attach the <b>audit</b> report" in mail.outbox[-1].body
    start = as_user(small.users["lead_dbc"]).get(reverse("start")).content.decode()
    assert "Completion returned" in start and "Attach the &lt;b&gt;audit&lt;/b&gt; report" in start
    history = as_user(small.users["lead_dbc"]).get(reverse("actionplans:action_detail", args=[small.dbc_action.pk]))
    assert "Added sign-off: Completion returned. Reason: Attach the" in history.content.decode()

    complete(as_user(small.users["lead_dbc"]), small.dbc_action, as_at_0=2, evidence_statement="Audit report, p. 4.")
    assert progress(small.dbc_action).assurance == Assurance.AWAITING  # reported completed again
    start = as_user(small.users["lead_dbc"]).get(reverse("start")).content.decode()
    assert "Completion returned" not in start


def test_a_decided_completion_cannot_be_decided_again(as_user, small):
    update = ProgressUpdateFactory(
        action=small.dbc_action, status=Status.COMPLETED, as_at="July 2012", recorded_by=small.users["lead_dbc"]
    )
    manager = as_user(small.users["manager"])
    manager.post(reverse("actionplans:completion_accept", args=[update.pk]))

    again = manager.post(reverse("actionplans:completion_accept", args=[update.pk]), follow=True)
    returned = manager.post(reverse("actionplans:completion_return", args=[update.pk]), {"reason": "No."})

    assert "no longer awaiting assurance" in again.content.decode()
    assert returned.status_code == 400 and "no longer awaiting assurance" in returned.content.decode()
    assert SignOff.objects.count() == 1


def test_the_assurance_list_shows_each_completion_with_its_evidence(as_user, small, media):
    complete(as_user(small.users["lead_dbc"]), small.dbc_action, evidence_files=[upload("audit.pdf", PDF)])
    ProgressUpdateFactory(action=small.pct_action, status=Status.COMPLETED, as_at="July 2012")

    page = as_user(small.users["manager"]).get(reverse("actionplans:assurance_list"))

    awaiting = [action for action, _may in page.context["awaiting"]]
    assert awaiting == [small.dbc_action, small.pct_action]
    text = page.content.decode()
    assert "audit.pdf" in text and "No evidence" in text


@pytest.mark.parametrize(
    "wanted",
    ['"><img src=x onerror=alert(1)>', "/actions/\r\nSet-Cookie: a=b", "https://evil.example/", "/a\x00b"],
    ids=["not a path", "line break", "another site", "control character"],
)
def test_after_a_decision_a_next_page_that_is_not_a_path_of_this_site_leads_to_the_action(as_user, small, wanted):
    update = ProgressUpdateFactory(
        action=small.dbc_action, status=Status.COMPLETED, as_at="July 2012", recorded_by=small.users["lead_dbc"]
    )

    response = as_user(small.users["manager"]).post(
        reverse("actionplans:completion_accept", args=[update.pk]), {"next": wanted}
    )

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("actionplans:action_detail", args=[small.dbc_action.pk]),
    )
    assert SignOff.objects.get().decision == Decision.ACCEPTED


def test_a_better_rag_rating_than_last_reported_needs_a_reason(as_user, small):
    ProgressUpdateFactory(action=small.pct_action, as_at="June 2012", rag=Rag.RED, recorded_by=small.users["lead_pct"])
    lead = as_user(small.users["lead_pct"])
    url = reverse("actionplans:progress_update_create", args=[small.pct_action.pk])

    refused = lead.post(url, update_form(status=Status.UNDERWAY, rag=Rag.GREEN))
    worse = lead.post(url, update_form(status=Status.UNDERWAY, rag=Rag.RED, as_at_0=2))
    better = lead.post(
        url, update_form(status=Status.UNDERWAY, rag=Rag.AMBER, as_at_0=3, rag_change_reason="Two posts filled.")
    )

    assert (
        refused.status_code == 400
        and "Say why the rating is better than the Red last reported" in refused.content.decode()
    )
    assert (worse.status_code, better.status_code) == (302, 302)
    page = lead.get(reverse("actionplans:action_detail", args=[small.pct_action.pk])).content.decode()
    assert "Why it improved: Two posts filled." in page


def test_leads_cannot_rate_an_action_blue(as_user, small):
    response = as_user(small.users["lead_dbc"]).post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]),
        update_form(status=Status.UNDERWAY, rag=Rag.BLUE),
    )

    assert response.status_code == 400
    assert not small.dbc_action.progress_updates.exists()


@pytest.mark.parametrize(
    "before, after, improves",
    [
        ("red", "amber", True),
        ("amber", "green", True),
        ("red", "green", True),
        ("green", "blue", True),
        ("green", "amber", False),
        ("amber", "amber", False),
        ("", "green", False),
        ("red", "", False),
    ],
)
def test_what_counts_as_a_better_rating(before, after, improves):
    assert rag_improves(before, after) is improves


def action_edit(small, **changes):
    return {
        "reference": "1.1",
        "text": "Review the LAC timetable",
        "agency": small.dbc.pk,
        "target": "June 2012",
        "version": small.dbc_action.version,
        "leads": [small.lead_officer.pk],
        **changes,
    }


def test_moving_a_target_later_needs_a_reason_and_shows_in_changes_since_the_last_version(as_user, small):
    version_freeze(plan=small.plan, label="July board", as_at=date(2012, 7, 31))
    manager = as_user(small.users["manager"])
    url = reverse("manage:action_edit", args=[small.dbc_action.pk])

    refused = manager.post(url, action_edit(small, target="September 2012"))
    earlier = manager.post(url, action_edit(small, target="May 2012"))
    small.dbc_action.refresh_from_db()
    later = manager.post(
        url, action_edit(small, target="October 2012", target_change_reason="The IRO service was reorganised.")
    )

    assert refused.status_code == 400
    assert "Say why the target date is moving later" in refused.content.decode()
    assert "September 2012" in refused.content.decode()  # what was typed is kept
    assert (earlier.status_code, later.status_code) == (302, 302)
    changes = list(TargetChange.objects.order_by("pk").values_list("before_text", "after_text", "reason"))
    assert changes == [("June 2012", "May 2012", ""), ("May 2012", "October 2012", "The IRO service was reorganised.")]
    since = manager.get(reverse("reporting:changes_since", args=[small.plan.pk])).content.decode()
    assert "Reason: The IRO service was reorganised." in since


def test_an_accepted_proposal_records_the_leads_reason(as_user, small):
    update = ProgressUpdateFactory(
        action=small.dbc_action,
        proposed_target_text="September 2012",
        proposed_target_date=date(2012, 9, 30),
        proposed_target_precision="month",
        target_change_reason="Waiting for the new IRO.",
    )

    as_user(small.users["manager"]).post(reverse("actionplans:accept_target", args=[update.pk]))

    change = TargetChange.objects.get()
    assert (str(change.before), str(change.after), change.reason, change.proposed_in) == (
        "June 2012",
        "September 2012",
        "Waiting for the new IRO.",
        update,
    )
    assert change.changed_by == small.users["manager"]


def test_a_better_rating_shows_its_reason_in_the_changes_since_the_last_version(as_user, small):
    ProgressUpdateFactory(action=small.pct_action, as_at="June 2012", rag=Rag.RED, recorded_by=small.users["lead_pct"])
    version_freeze(plan=small.plan, label="June board", as_at=date(2012, 6, 30))
    lead = as_user(small.users["lead_pct"])
    lead.post(
        reverse("actionplans:progress_update_create", args=[small.pct_action.pk]),
        update_form(status=Status.UNDERWAY, rag=Rag.AMBER, rag_change_reason="Two health visitors started."),
    )

    since = lead.get(reverse("reporting:changes_since", args=[small.plan.pk])).content.decode()

    assert "Red: off track → Amber: at risk" in since
    assert "Reason: Two health visitors started." in since
