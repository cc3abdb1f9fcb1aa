"""Board papers and spreadsheets are rendered by a task, kept for their version (or for the live
plan's state), and offered on a "Preparing your board paper" page until they are ready."""

import re
from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from reporting import paper_files
from reporting.models import PaperFile
from reporting.services import version_freeze
from tests import factories as f
from tests.reporting.downloads import download

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def version(small):
    return version_freeze(plan=small.plan, label="July board", as_at=date(2012, 7, 31))


@pytest.fixture
def scrutiny(as_user, small):
    return as_user(small.users["scrutiny"])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def renders():
    """How many times each kind of file was rendered."""
    counted = []

    def counting(kind):
        real = paper_files.RENDERERS[kind]

        def render(paper):
            counted.append(kind)
            return real(paper)

        return render

    with mock.patch.dict(paper_files.RENDERERS, {kind: counting(kind) for kind in PaperFile.Kind}):
        yield counted


def test_a_paper_not_yet_rendered_shows_its_progress_refreshes_itself_and_offers_check_again(
    scrutiny, version, settings
):
    settings.TASKS = DUMMY  # the task waits in the queue, as for a worker that has not reached it

    asked = scrutiny.get(reverse("reporting:version_paper", args=[version.pk, "pdf"]))
    page = scrutiny.get(asked["Location"])

    paper_file = PaperFile.objects.get()
    assert asked["Location"] == reverse("reporting:paper_file", args=[paper_file.pk])
    text = text_of(page)
    assert '<h1 class="govuk-heading-l">Preparing your board paper</h1>' in text
    assert "Waiting to be prepared" in text
    assert '<meta http-equiv="refresh" content="3">' in text
    assert f'href="{reverse("reporting:paper_file", args=[paper_file.pk])}">Check again</a>' in text
    assert scrutiny.get(reverse("reporting:paper_file_download", args=[paper_file.pk]))["Location"] == asked["Location"]


def test_a_paper_being_rendered_says_so(scrutiny, version, settings):
    settings.TASKS = DUMMY
    scrutiny.get(reverse("reporting:version_paper", args=[version.pk, "csv"]))
    PaperFile.objects.update(state=PaperFile.State.RENDERING)

    text = text_of(scrutiny.get(reverse("reporting:paper_file", args=[PaperFile.objects.get().pk])))

    assert "Your paper is being prepared." in text and "Being prepared" in text and "Check again" in text


def test_a_ready_paper_offers_its_file_and_stops_refreshing(scrutiny, version):
    response, content = download(scrutiny, reverse("reporting:version_paper", args=[version.pk, "pdf"]))

    paper_file = PaperFile.objects.get()
    page = text_of(scrutiny.get(reverse("reporting:paper_file", args=[paper_file.pk])))
    assert paper_file.state == PaperFile.State.READY and paper_file.file.name == f"papers/paper-{paper_file.pk}.pdf"
    assert "Your board paper is ready" in page and "refresh" not in page and "Check again" not in page
    assert content.startswith(b"%PDF") and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{paper_file.download_name}"'


def test_asking_again_for_the_same_version_and_options_gives_the_same_file_rendered_once(
    as_user, small, version, renders
):
    url = reverse("reporting:version_paper", args=[version.pk, "xlsx"])
    _first, first = download(as_user(small.users["scrutiny"]), url)
    _again, again = download(as_user(small.users["lead_pct"]), url)
    download(as_user(small.users["lead_pct"]), url + "?agency=PCT")

    assert first == again
    assert renders == ["xlsx", "xlsx"]  # the whole plan once, and PCT's actions once
    assert PaperFile.objects.filter(version=version).count() == 2


def test_the_live_plans_paper_is_kept_until_the_plan_changes(scrutiny, small, renders):
    url = reverse("reporting:plan_paper", args=[small.plan.pk, "csv"])
    _response, before = download(scrutiny, url)
    download(scrutiny, url)
    f.ProgressUpdateFactory(action=small.dbc_action, as_at="July 2012", note="The timetable is agreed.")
    _response, after = download(scrutiny, url)

    assert renders == ["csv", "csv"]
    assert b"The timetable is agreed." not in before and b"The timetable is agreed." in after
    assert PaperFile.objects.filter(plan=small.plan, version=None).count() == 2


def test_a_paper_that_fails_to_render_says_so_in_plain_english_and_asking_again_renders_it_afresh(
    scrutiny, version, caplog
):
    url = reverse("reporting:version_paper", args=[version.pk, "csv"])
    with mock.patch.dict(paper_files.RENDERERS, {PaperFile.Kind.CSV: mock.Mock(side_effect=OSError("disk full"))}):
        asked = scrutiny.get(url)
    page = text_of(scrutiny.get(asked["Location"]))

    failed = PaperFile.objects.get()
    assert failed.state == PaperFile.State.FAILED and failed.error == "OSError: disk full"
    assert "Your board paper could not be prepared" in page and "ask for it again" in page
    assert "disk full" not in page and "refresh" not in page
    assert "Paper file" in caplog.text and "disk full" in caplog.text

    _response, content = download(scrutiny, url)
    assert "Review the LAC timetable" in content.decode("utf-8-sig")
    assert PaperFile.objects.get().state == PaperFile.State.READY


def test_someone_of_another_partnership_can_neither_see_a_paper_nor_download_it(as_user, small, version):
    download(as_user(small.users["scrutiny"]), reverse("reporting:version_paper", args=[version.pk, "csv"]))
    paper_file = PaperFile.objects.get()
    outsider = as_user(small.users["other_manager"])

    assert outsider.get(reverse("reporting:paper_file", args=[paper_file.pk])).status_code == 404
    assert outsider.get(reverse("reporting:paper_file_download", args=[paper_file.pk])).status_code == 404
