"""Decisions posted directly, in a state their page does not offer them (no proposal to accept,
a completion already decided, a round already closed): each answers with a plain-English message
on the page it leads to, never a server error, and changes nothing."""

from datetime import date

import pytest
from django.urls import reverse

from actionplans.models import SignOff, Status, TargetChange
from actionplans.services.rounds import round_close, round_open
from actionplans.services.signoff import completion_accept
from tests.factories import ProgressUpdateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security("target date decisions")]


def no_proposal(small, as_user):
    update = ProgressUpdateFactory(action=small.dbc_action, recorded_by=small.users["lead_dbc"])
    return reverse("actionplans:accept_target", args=[update.pk]), {}


def proposal_accepted_already(small, as_user):
    update = ProgressUpdateFactory(
        action=small.dbc_action,
        recorded_by=small.users["lead_dbc"],
        proposed_target_text="September 2012",
        proposed_target_date=date(2012, 9, 30),
        proposed_target_precision="month",
        target_change_reason="Waiting for the new IRO.",
    )
    as_user(small.users["manager"]).post(reverse("actionplans:accept_target", args=[update.pk]))
    return reverse("actionplans:accept_target", args=[update.pk]), {}


def completion_accepted_already(small, as_user):
    update = ProgressUpdateFactory(
        action=small.dbc_action, status=Status.COMPLETED, as_at="July 2012", recorded_by=small.users["lead_dbc"]
    )
    completion_accept(update=update, by=small.users["manager"])
    return reverse("actionplans:completion_accept", args=[update.pk]), {}


def acceptance_of_an_update_that_is_no_completion(small, as_user):
    update = ProgressUpdateFactory(action=small.dbc_action, status=Status.UNDERWAY, recorded_by=small.users["lead_dbc"])
    return reverse("actionplans:completion_accept", args=[update.pk]), {}


def return_of_an_update_that_is_no_completion(small, as_user):
    update = ProgressUpdateFactory(action=small.dbc_action, status=Status.UNDERWAY, recorded_by=small.users["lead_dbc"])
    return reverse("actionplans:completion_return", args=[update.pk]), {"reason": "Not enough evidence."}


def reminder_for_a_closed_round(small, as_user):
    update_round = round_open(
        plan=small.plan, by=small.users["manager"], deadline=date(2026, 9, 30), today=date(2026, 9, 1)
    )
    round_close(update_round=update_round, by=small.users["manager"])
    return reverse("actionplans:round_remind", args=[update_round.pk]), {}


def closing_a_closed_round(small, as_user):
    update_round = round_open(
        plan=small.plan, by=small.users["manager"], deadline=date(2026, 9, 30), today=date(2026, 9, 1)
    )
    round_close(update_round=update_round, by=small.users["manager"])
    return reverse("actionplans:round_close", args=[update_round.pk]), {"freeze": "no"}


STALE = {
    "accepting a target date on an update with no proposal": (no_proposal, "does not propose a new target date"),
    "accepting a proposed target date a second time": (
        proposal_accepted_already,
        "The target date is already September 2012",
    ),
    "accepting a completion decided already": (completion_accepted_already, "no longer awaiting assurance"),
    "accepting an update that reports no completion": (
        acceptance_of_an_update_that_is_no_completion,
        "no longer awaiting assurance",
    ),
    "returning an update that reports no completion": (
        return_of_an_update_that_is_no_completion,
        "no longer awaiting assurance",
    ),
    "reminding a closed round": (reminder_for_a_closed_round, "This round is closed"),
    "closing a closed round": (closing_a_closed_round, "This round is already closed"),
}


@pytest.mark.parametrize("stale", STALE, ids=list(STALE))
def test_a_stale_decision_posted_directly_is_answered_in_plain_english_and_changes_nothing(
    as_user, small, stale, security_figure
):
    arrange, message = STALE[stale]
    url, data = arrange(small, as_user)
    manager = as_user(small.users["manager"])
    target_changes, sign_offs = TargetChange.objects.count(), SignOff.objects.count()

    response = manager.post(url, data, follow=True)

    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert (TargetChange.objects.count(), SignOff.objects.count()) == (target_changes, sign_offs)
    security_figure.count("stale decisions posted directly, 0 server errors", 1)
