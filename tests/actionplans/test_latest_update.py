"""Each action points at its latest progress update (the one that gives its status and RAG).
The pointer is stored so that lists and the dashboard need no per-row subquery; these tests
pin down that it always agrees with the updates themselves, however an update was added."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from actionplans.models import Action, ProgressUpdate, Rag, Status
from actionplans.services.progress import progress_update_create
from core.editing import save_if_unchanged

pytestmark = pytest.mark.django_db


def computed_latest(actions):
    """{action pk: pk of its latest update}, worked out from the updates, not the pointer."""
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).latest_first().values("pk")[:1]
    return dict(actions.annotate(computed=Subquery(latest)).values_list("pk", "computed"))


def stored_latest(actions):
    return dict(actions.values_list("pk", "latest_update"))


def record(action, user, as_at, rag=Rag.AMBER):
    return progress_update_create(
        action=action, recorded_by=user, as_at=as_at, status=Status.ONGOING, rag=rag, note="Progress noted."
    )


def test_every_demo_action_points_at_its_latest_update(demo_partnerships):
    actions = Action.objects.all()

    assert actions.count() == 135
    assert stored_latest(actions) == computed_latest(actions)
    assert (
        actions.filter(latest_update__isnull=False).count()
        == ProgressUpdate.objects.values("action").distinct().count()
    )


def test_a_new_update_becomes_the_latest(small):
    update = record(small.dbc_action, small.users["lead_dbc"], date(2026, 11, 1))

    small.dbc_action.refresh_from_db()
    assert small.dbc_action.latest_update == update


def test_a_backdated_update_does_not_displace_a_later_one(small):
    later = record(small.dbc_action, small.users["lead_dbc"], date(2026, 11, 1), rag=Rag.GREEN)
    record(small.dbc_action, small.users["lead_dbc"], date(2026, 9, 1), rag=Rag.RED)

    small.dbc_action.refresh_from_db()
    assert small.dbc_action.latest_update == later
    assert stored_latest(Action.objects.all()) == computed_latest(Action.objects.all())


def test_two_updates_as_at_the_same_day_the_one_recorded_last_is_latest(small):
    record(small.dbc_action, small.users["lead_dbc"], date(2026, 11, 1), rag=Rag.GREEN)
    second = record(small.dbc_action, small.users["lead_dbc"], date(2026, 11, 1), rag=Rag.RED)

    small.dbc_action.refresh_from_db()
    assert small.dbc_action.latest_update == second


def test_an_edit_opened_before_an_update_was_added_keeps_the_new_update_as_latest(small):
    editing = Action.objects.get(pk=small.dbc_action.pk)  # the edit form is opened ...
    update = record(small.dbc_action, small.users["lead_dbc"], date(2026, 11, 1))  # ... an update arrives ...
    editing.text = "Reworded action"
    save_if_unchanged(editing, expected_version=editing.version)  # ... and the edit is saved

    stored = Action.objects.get(pk=small.dbc_action.pk)
    assert stored.text == "Reworded action"
    assert stored.latest_update == update


def test_an_update_added_in_the_admin_becomes_the_latest(small, client):
    operator = get_user_model().objects.create_superuser("operator", password="x")
    client.force_login(operator)

    response = client.post(
        reverse("admin:actionplans_progressupdate_add"),
        {
            "action": small.pct_action.pk,
            "as_at_text": "1 November 2026",
            "as_at_date": "2026-11-01",
            "as_at_precision": "day",
            "status": Status.ONGOING,
            "rag": Rag.GREEN,
            "note": "Entered by the operator.",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    small.pct_action.refresh_from_db()
    assert small.pct_action.latest_update.note == "Entered by the operator."


def test_an_action_without_updates_points_nowhere(small):
    small.pct_action.refresh_from_db()

    assert small.pct_action.latest_update is None
