"""Run the background tasks: django-tasks-db's `db_worker`, which also puts back in the queue
the tasks of a worker that died, so that another worker (or this one) runs them."""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django_tasks_db.management.commands import db_worker

from core.tasks import stale_claims_requeue

logger = logging.getLogger("assure.tasks")


class Command(db_worker.Command):
    help = (
        "Run the background tasks (papers, spreadsheets, emails, large imports and versions). A task claimed "
        "by a worker that has not finished it within TASK_CLAIM_TIMEOUT_SECONDS is run again."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--claim-timeout",
            type=float,
            default=settings.TASK_CLAIM_TIMEOUT_SECONDS,
            help="Seconds after which a claimed, unfinished task is taken to have lost its worker "
            "(default: TASK_CLAIM_TIMEOUT_SECONDS, %(default)s).",
        )

    def handle(self, *args, claim_timeout, **options):
        older_than = timedelta(seconds=claim_timeout)
        threading.Thread(
            target=_requeue_stale_claims,
            kwargs={"backend_name": options["backend_name"], "older_than": older_than},
            name="stale-claims",
            daemon=True,
        ).start()
        super().handle(*args, **options)


def _requeue_stale_claims(*, backend_name: str, older_than: timedelta) -> None:
    """Look for stale claims a few times per timeout, in a thread beside the worker's own loop
    (which runs a task at a time, however long it takes)."""
    while True:
        close_old_connections()
        try:
            stale_claims_requeue(backend_name=backend_name, older_than=older_than)
        except DatabaseError as error:  # the database lost for a while: look again next time
            logger.warning("Could not look for tasks that lost their worker: %s", error)
        time.sleep(max(older_than.total_seconds() / 4, 0.5))
