"""The admin as the operators' fallback: every model is there, its pages open on the demo data,
progress history cannot be rewritten, and edits are audited."""

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from actionplans.loose_dates import loose_date
from actionplans.models import Action, ProgressUpdate
from agencies.models import Forum

pytestmark = pytest.mark.django_db

DOMAIN_MODELS = [
    model for app in ("agencies", "actionplans", "reporting") for model in apps.get_app_config(app).get_models()
]


@pytest.fixture
def operator_client(client, demo_partnerships):
    client.force_login(get_user_model().objects.get(username="demo-operator"))
    return client


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda model: model.__name__)
def test_every_model_is_in_the_admin(model):
    assert admin.site.is_registered(model)


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda model: model.__name__)
def test_every_admin_list_and_page_opens_on_the_demo_data(operator_client, model):
    opts = model._meta
    obj = model._default_manager.order_by("pk").first()

    listing = operator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    assert listing.status_code == 200
    if obj is not None:  # the demo plans carry no evidence files
        page = operator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert page.status_code == 200


def test_the_admin_lists_every_action_of_the_three_plans(operator_client):
    response = operator_client.get(reverse("admin:actionplans_action_changelist"), {"all": ""})

    assert "135 actions" in response.content.decode()


def test_progress_updates_cannot_be_changed_or_deleted_in_the_admin(operator_client):
    update = ProgressUpdate.objects.order_by("pk").first()
    original = update.note

    changed = operator_client.post(
        reverse("admin:actionplans_progressupdate_change", args=[update.pk]), {"note": "rewritten"}
    )
    deleted = operator_client.post(
        reverse("admin:actionplans_progressupdate_delete", args=[update.pk]), {"post": "yes"}
    )

    assert changed.status_code == 403
    assert deleted.status_code == 403
    update.refresh_from_db()
    assert update.note == original


def test_an_admin_edit_is_audited_with_who_before_and_after(operator_client):
    forum = Forum.objects.get(name="LSCB Performance Management sub-group")

    response = operator_client.post(
        reverse("admin:agencies_forum_change", args=[forum.pk]),
        {"partnership": forum.partnership_id, "name": "Performance Management sub-group"},
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(forum).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor.username == "demo-operator"
    assert entry.changes == {"name": ["LSCB Performance Management sub-group", "Performance Management sub-group"]}


def test_a_change_to_an_action_keeps_the_value_before_and_after(demo_partnerships):
    action = Action.objects.get(text__startswith="The council should improve access for foster carers")

    action.target = loose_date("December 2012")
    action.save()

    entry = LogEntry.objects.get_for_object(action).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes["target_text"] == ["Sept 2012", "December 2012"]
    assert entry.changes["target_date"] == ["2012-09-30", "2012-12-31"]


def test_the_audit_history_of_an_object_opens_in_the_admin(operator_client):
    action = Action.objects.order_by("pk").first()

    response = operator_client.get(reverse("admin:actionplans_action_auditlog", args=[action.pk]))

    assert response.status_code == 200
