"""The version of a large plan is frozen by the task worker, on a page that says where it has got to."""

from unittest import mock

import pytest
from django.urls import reverse
from django_tasks import default_task_backend

from reporting.models import PlanVersion, VersionFreeze
from reporting.tasks import version_freeze_run

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
FREEZE = {"label": "September board", "as_at_0": "31", "as_at_1": "7", "as_at_2": "2012"}


@pytest.fixture(autouse=True)
def large(settings):
    settings.VERSION_TASK_ACTIONS = 1  # the small plan's two actions make it large


@pytest.fixture
def manager(as_user, small):
    return as_user(small.users["manager"])


def freeze(manager, small):
    return manager.post(reverse("reporting:version_create", args=[small.plan.pk]), FREEZE)


def test_a_large_plans_version_waits_for_the_worker_on_a_page_that_refreshes_itself(manager, small, settings):
    settings.TASKS = DUMMY
    asked = freeze(manager, small)
    freezing = VersionFreeze.objects.get()
    progress = reverse("reporting:version_freeze_progress", args=[freezing.pk])

    page = manager.get(asked["Location"]).content.decode()

    assert asked["Location"] == progress
    assert "Freezing the version" in page and '<meta http-equiv="refresh" content="3">' in page
    assert f'href="{progress}">Check again</a>' in page
    assert len(default_task_backend.results) == 1 and not PlanVersion.objects.exists()

    version_freeze_run.call(freezing.pk)
    version_freeze_run.call(freezing.pk)  # run again, as after a worker that died: frozen once

    version = PlanVersion.objects.get()
    assert (version.label, version.created_by) == ("September board", small.users["manager"])
    assert manager.get(progress)["Location"] == reverse("reporting:version_detail", args=[version.pk])


def test_with_tasks_run_at_once_freezing_leads_straight_to_the_version(manager, small):
    page = manager.get(freeze(manager, small)["Location"], follow=True).content.decode()

    assert "September board" in page
    assert PlanVersion.objects.get().label == "September board"


def test_a_version_the_worker_cannot_freeze_says_so_in_plain_english(manager, small):
    with mock.patch("reporting.services.plan_snapshot", side_effect=RuntimeError("out of memory")):
        asked = freeze(manager, small)
    page = manager.get(asked["Location"]).content.decode()

    assert "The version could not be frozen" in page and "no version was made" in page
    assert "out of memory" not in page and "refresh" not in page
    assert VersionFreeze.objects.get().error == "RuntimeError: out of memory"
    assert not PlanVersion.objects.exists()


def test_a_small_plans_version_is_frozen_at_once(manager, small, settings):
    settings.VERSION_TASK_ACTIONS = 300

    asked = freeze(manager, small)

    assert asked["Location"] == reverse("reporting:version_detail", args=[PlanVersion.objects.get().pk])
    assert not VersionFreeze.objects.exists()
