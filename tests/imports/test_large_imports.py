"""A large file is imported by the task worker, not inside the request that confirms it, with a
page that says where the import has got to."""

from unittest import mock

import pytest
from django.urls import reverse
from django_tasks import default_task_backend

from actionplans.models import Action, ActionPlan
from imports.models import ImportBatch
from imports.tasks import STOPPED, batch_import_run
from tests.imports.test_import_pages import AS_AT, PLAN_CSV, upload

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def large(settings):
    settings.IMPORT_TASK_ROWS = 1  # the plan's header and two rows make it a large file


@pytest.fixture
def confirm(manager, small):
    """Upload the plan and confirm its import; the response to the confirmation."""

    def confirming():
        upload(manager, "composite plan.csv", PLAN_CSV.encode())
        batch = ImportBatch.objects.get()
        return batch, manager.post(reverse("manage:import_preview", args=[batch.pk]), {"title": "Big plan", **AS_AT})

    return confirming


def test_a_large_file_waits_for_the_worker_on_a_page_that_refreshes_itself(manager, confirm, settings):
    settings.TASKS = DUMMY
    batch, confirmed = confirm()
    progress = reverse("manage:import_progress", args=[batch.pk])

    page = manager.get(confirmed["Location"]).content.decode()
    again = manager.post(reverse("manage:import_preview", args=[batch.pk]), {"title": "Big plan", **AS_AT})

    assert confirmed["Location"] == progress and again["Location"] == progress
    assert "Importing your plan" in page and '<meta http-equiv="refresh" content="3">' in page
    assert f'href="{progress}">Check again</a>' in page
    assert manager.get(reverse("manage:import_columns", args=[batch.pk]))["Location"] == progress
    assert len(default_task_backend.results) == 1  # the second confirmation queued nothing more
    assert not ActionPlan.objects.filter(title="Big plan").exists()

    batch_import_run.call(batch.pk)
    batch_import_run.call(batch.pk)  # run again, as after a worker that died: imported once

    assert manager.get(progress)["Location"] == reverse("manage:import_result", args=[batch.pk])
    assert ActionPlan.objects.filter(title="Big plan").count() == 1
    assert Action.objects.filter(recommendation__section__plan__title="Big plan").count() == 2


def test_with_tasks_run_at_once_the_import_leads_straight_to_what_was_imported(manager, confirm):
    _batch, confirmed = confirm()

    result = manager.get(confirmed["Location"], follow=True)

    assert "The plan has been imported" in result.content.decode()
    assert ActionPlan.objects.filter(title="Big plan").count() == 1


def test_an_import_the_worker_cannot_finish_says_so_and_can_be_tried_again(manager, confirm):
    with mock.patch("imports.services.import_plan", side_effect=RuntimeError("disk full")):
        batch, confirmed = confirm()
    page = manager.get(confirmed["Location"]).content.decode()

    assert "The plan could not be imported" in page and STOPPED in page
    assert "disk full" not in page and "refresh" not in page
    assert manager.get(reverse("manage:import_preview", args=[batch.pk])).status_code == 200

    retried = manager.post(reverse("manage:import_preview", args=[batch.pk]), {"title": "Big plan", **AS_AT})

    assert manager.get(retried["Location"])["Location"] == reverse("manage:import_result", args=[batch.pk])
    assert ActionPlan.objects.filter(title="Big plan").count() == 1
