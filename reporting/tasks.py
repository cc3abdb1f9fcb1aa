"""The reporting app's background tasks: board papers and spreadsheets, rendered by the task
worker and never inside a web request, and the versions of large plans."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from .models import PaperFile, VersionFreeze
from .paper_files import paper_file_for, paper_file_render
from .services import version_freeze_requested


@task()
def paper_render(paper_file_id: int) -> None:
    paper_file_render(paper_file_id)


def paper_request(**kwargs) -> PaperFile:
    """The kept file for a paper (reporting.paper_files.paper_file_for's arguments), queued for
    rendering when it needs it. The task is queued in the transaction that records the file, so
    neither is kept without the other."""
    with transaction.atomic():
        paper_file, needs_render = paper_file_for(**kwargs)
        if needs_render:
            paper_render.enqueue(paper_file.pk)
    return paper_file


@task()
def version_freeze_run(version_freeze_id: int) -> None:
    version_freeze_requested(version_freeze_id)


def version_freeze_later(**fields) -> VersionFreeze:
    """Ask the task worker to freeze a version (VersionFreeze's fields), in the transaction that
    records the asking."""
    with transaction.atomic():
        request = VersionFreeze(**fields)
        request.full_clean()
        request.save()
        version_freeze_run.enqueue(request.pk)
    return request
