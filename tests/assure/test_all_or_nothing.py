"""Every write request is all-or-nothing: a failure after any one of its steps leaves no partial write.

Each write request is sent through its real URL, as the user who may make it, once for each of its
steps (each INSERT, UPDATE or DELETE it makes), with the database made to fail at that step. After
every attempt every table must hold exactly what it held before, and the user sees the error page.
The tests run outside a test transaction, as the application runs, so that a write that is not
in one transaction with the rest stays written and is caught.
"""

import re
from collections import Counter
from datetime import date

import pytest
from django.db import DataError, connection
from django.urls import reverse

from actionplans.services.rounds import round_open
from tests.assure.test_audit_trail import WRITES, Write, import_batch, writer
from tests.conftest import SmallPartnership

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.security("all-or-nothing writes")]

WRITE_STATEMENT = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Kept apart from the request's own writes, rightly: the session, saved after the view has
# answered; and the note that an email went, made as each one goes because a sent email cannot
# be taken back (a failure there leaves the email queued, to be tried again).
APART = re.compile(r'"django_session"|^\s*UPDATE\s+"actionplans_reminder"', re.IGNORECASE)
ERROR_PAGE = "Sorry, there is a problem with the service"
MOST_STEPS = 200


def open_round(small):
    update_round = round_open(plan=small.plan, by=small.users["manager"], deadline=date.today(), today=date.today())
    return {"pk": update_round.pk}


def proposed_columns(small):
    batch = import_batch(small)
    data = {"header_row": batch.mapping["header_row"], "default_agency": "", "save_as": "Our layout"}
    for column in batch.mapping["columns"]:
        data[f"target_{column['index']}"] = column["target"]
        data[f"part_{column['index']}"] = column["part"]
    return batch, data


def columns_kwargs(small):
    batch, data = proposed_columns(small)
    small.columns_data = data
    return {"pk": batch.pk}


# Write requests that are not plan data (so not in the audit trail's list) but still write
# several rows: chasing the leads of a round, and the import steps that keep a file or a mapping.
MORE_WRITES = {
    "actionplans:round_remind": Write("manager", open_round, lambda s: {}, "actionplans.reminder"),
    "manage:import_columns": Write("manager", columns_kwargs, lambda s: s.columns_data, "imports.importmapping"),
}
ALL_WRITES = {**WRITES, **MORE_WRITES}


class FailAtStep:
    """A database execute wrapper that fails the `step`th write statement of the request."""

    def __init__(self, step: int):
        self.step = step
        self.writes = 0

    @property
    def reached(self) -> bool:
        return self.writes >= self.step

    def __call__(self, execute, sql, params, many, context):
        if WRITE_STATEMENT.match(sql) and not APART.search(sql):
            self.writes += 1
            if self.writes == self.step:
                # A refused write, not an outage: losing the database gets the 503 page instead
                # (tests/assure/test_database_restart.py).
                raise DataError(f"Forced failure at write {self.step}: {sql[:80]}")
        return execute(sql, params, many, context)


class CountWrites:
    """A database execute wrapper that counts the write statements it lets through."""

    def __init__(self):
        self.writes = 0

    def __call__(self, execute, sql, params, many, context):
        self.writes += bool(WRITE_STATEMENT.match(sql))
        return execute(sql, params, many, context)


def database_contents() -> dict[str, Counter]:
    """Each table's rows, as a multiset: compared whatever order the database returns them in."""
    contents = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table == "django_session":
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            contents[table] = Counter(map(repr, cursor.fetchall()))
    return contents


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def differences(before: dict, after: dict) -> dict[str, int]:
    """The number of rows added or removed, per table that changed."""
    return {
        table: (after[table] - before[table]).total() + (before[table] - after[table]).total()
        for table in before
        if after[table] != before[table]
    }


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def walk(client, world, name, files) -> tuple[int, dict]:
    """Send the write request `name` failing at each of its steps in turn, then whole.
    Returns its number of steps and, per failed step, what was left written."""
    write = ALL_WRITES[name]
    client.force_login(writer(world, write.who))
    url = reverse(name, kwargs=write.kwargs(world))
    left, after = {}, None
    for step in range(1, MOST_STEPS):
        preparing = CountWrites()
        with connection.execute_wrapper(preparing):
            data = write.data(world)
        # What the last failed attempt left is what this one starts from, unless making the
        # request's data wrote something (a new recommendation to move an action to).
        before = after if after is not None and not preparing.writes else database_contents()
        files_before = stored_files(files)
        failing = FailAtStep(step)
        with connection.execute_wrapper(failing):
            response = client.post(url, data)
        after = database_contents()
        if not failing.reached:  # the request made fewer writes than `step`: it has succeeded
            break
        changed = differences(before, after)
        if stored_files(files) != files_before:
            changed["stored files"] = 1
        if changed or response.status_code != 500 or ERROR_PAGE not in response.content.decode():
            left[step] = {"status": response.status_code, **changed}
    assert response.status_code == 302, f"{name}: {response.content.decode()[:2000]}"
    assert step > 2, f"{name} wrote fewer than two rows"
    assert differences(before, after), f"{name} changed nothing"
    return step - 1, left


def test_a_failure_at_any_step_of_a_write_leaves_nothing_written(client, tmp_path, security_figure):
    """One test walks every write request, each in its own partnership, so that the database is
    emptied once rather than after each request."""
    client.raise_request_exception = False
    steps, partial = {}, {}
    for index, name in enumerate(sorted(ALL_WRITES)):
        steps[name], left = walk(client, SmallPartnership(people=f"walk{index}"), name, tmp_path)
        if left:
            partial[name] = left

    assert partial == {}
    security_figure(
        f"{len(steps)} write requests, {sum(steps.values())} forced failures, {len(partial)} partial writes"
    )
