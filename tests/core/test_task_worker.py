"""The task worker (`manage.py task_worker`): a task whose worker died is run again by another
worker, once, with no second file and no second email.

The worker runs as its own process on the test database, so these tests need PostgreSQL (the
SQLite test database lives in memory, in this process only): they fail rather than skip when
REQUIRE_POSTGRES=1 says PostgreSQL is there. CI's SQLite run does not collect them."""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from actionplans.models import Reminder
from actionplans.services.rounds import round_open
from core.tasks import stale_claims_requeue
from reporting.models import PaperFile
from reporting.paper_files import paper_file_for
from reporting.papers import PaperOptions
from reporting.services import version_freeze
from tests.core.held_tasks import held

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PATIENCE_SECONDS = 60  # the most a worker is given to start, or to finish a task


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1, but the tests' database is not PostgreSQL.")
        pytest.skip("A worker process needs a database it can share: PostgreSQL.")


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Task worker processes on the test database, each stopped at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "assure.settings.test",
            "TASKS_BACKEND": "database",
            "MEDIA_ROOT": str(self.folder / "media"),
            "EMAIL_FILE_PATH": str(self.folder / "emails"),
        }
        arguments = ["--interval", "0.1", "--no-startup-delay", "--no-reload", "--claim-timeout", "1"]
        log = (self.folder / f"worker-{len(self.started)}.log").open("w")
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "task_worker", *arguments],
            cwd=django_settings.BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.started.append(worker)
        return worker

    def stop(self) -> None:
        for worker in self.started:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(PATIENCE_SECONDS)


@pytest.fixture
def workers(tmp_path, postgresql):
    started = Workers(tmp_path)
    yield started
    started.stop()


def wait_for(condition, what: str):
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up waiting for {what}")
        time.sleep(0.1)


def run_with_a_worker_killed_part_way(workers: Workers, then: str, args: list) -> DBTaskResult:
    """Queue `then` behind the gate, start a worker, SIGKILL it while the task waits at the gate,
    open the gate, start another worker and wait for the task to finish."""
    gate = workers.folder / "gate"
    attempts = gate.with_suffix(".attempts")
    result = held.enqueue(str(gate), then, args)
    first = workers.start()
    wait_for(attempts.exists, "the first worker to start the task")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(PATIENCE_SECONDS)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING  # claimed by the dead worker

    gate.touch()
    workers.start()
    wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL, "the task")
    assert attempts.read_text().count("attempt") == 2
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db(transaction=True)
def test_a_paper_whose_worker_was_killed_is_rendered_by_another_worker_into_one_file(small, workers, database_tasks):
    version = version_freeze(plan=small.plan, label="July board", as_at=date(2012, 7, 31))
    paper_file, _needs_render = paper_file_for(plan=small.plan, version=version, kind="pdf", options=PaperOptions())

    done = run_with_a_worker_killed_part_way(workers, "reporting.tasks.paper_render", [paper_file.pk])

    paper_file.refresh_from_db()
    stored = list((workers.folder / "media" / "papers").iterdir())
    assert len(set(done.worker_ids)) == 2
    assert paper_file.state == PaperFile.State.READY
    assert [path.name for path in stored] == [f"paper-{paper_file.pk}.pdf"]
    assert stored[0].read_bytes().startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_reminders_whose_worker_was_killed_are_sent_by_another_worker_once_each(small, workers, database_tasks):
    round_open(plan=small.plan, by=small.users["manager"], deadline=date(2099, 1, 1), today=date(2026, 9, 1))
    reminder_ids = list(Reminder.objects.values_list("pk", flat=True))

    run_with_a_worker_killed_part_way(workers, "actionplans.tasks.reminders_send", [reminder_ids])

    emails = [path.read_text() for path in (workers.folder / "emails").iterdir()]
    recipients = sorted(line for email in emails for line in email.splitlines() if line.startswith("To: "))
    assert recipients == ["To: testshire-lead_dbc@example.org", "To: testshire-lead_pct@example.org"]
    assert {(reminder.attempts, reminder.sent_at is not None) for reminder in Reminder.objects.all()} == {(1, True)}


@pytest.mark.django_db
def test_only_claims_older_than_the_timeout_are_put_back_in_the_queue(database_tasks, small):
    stale, fresh = (held.enqueue("never", "core.tasks.email_send", []) for _ in range(2))
    DBTaskResult.objects.filter(pk=stale.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=20)
    )
    DBTaskResult.objects.filter(pk=fresh.id).update(status=TaskResultStatus.RUNNING, started_at=timezone.now())

    requeued = stale_claims_requeue(backend_name="default", older_than=timedelta(minutes=15))

    assert requeued == 1
    assert DBTaskResult.objects.get(pk=stale.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=fresh.id).status == TaskResultStatus.RUNNING
