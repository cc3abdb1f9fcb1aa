"""The import's background task: a large file is imported by the task worker, not inside the
web request that confirms it."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from .models import ImportBatch
from .services import batch_import, batch_import_failed, batch_import_queue
from .table import ImportRefused

logger = logging.getLogger(__name__)
STOPPED = (
    "The import stopped with an error, and nothing was imported. Try again. "
    "If it fails again, tell your Assure administrator."
)


@task()
def batch_import_run(batch_id: int) -> None:
    """Import the batch as its business manager confirmed it. Run twice, it imports once: the
    import locks the batch and refuses one already imported."""
    batch = ImportBatch.objects.select_related("partnership", "into", "import_by").get(pk=batch_id)
    if batch.imported_at:
        return
    try:
        batch_import(batch, user=batch.import_by, title=batch.import_title)
    except ImportRefused as refusal:
        batch_import_failed(batch, str(refusal))
    except Exception:
        logger.exception("Import batch %s could not be imported", batch_id)
        batch_import_failed(batch, STOPPED)
        raise


def batch_import_later(batch: ImportBatch, *, user, title: str = "") -> None:
    """Hand the batch to the task worker, in the transaction that records it (a second click
    queues nothing more)."""
    with transaction.atomic():
        if batch_import_queue(batch, user=user, title=title):
            batch_import_run.enqueue(batch.pk)
