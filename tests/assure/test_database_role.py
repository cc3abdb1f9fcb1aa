"""The application runs as a PostgreSQL role that does not own the tables (`manage.py
grant_app_role`): it reads and writes rows, and cannot empty, change, alter or drop the audit
history; the owner, who runs the migrations, cannot TRUNCATE it either."""

import io
import uuid

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from actionplans.models import ProgressUpdate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's"),
    pytest.mark.security("application database role"),
]

# Every way to empty or change the audit history a holder of the application's credentials might try.
EMPTY_OR_CHANGE = {
    "TRUNCATE": "TRUNCATE auditlog_logentry",
    "DISABLE TRIGGER": "ALTER TABLE auditlog_logentry DISABLE TRIGGER ALL",
    "DELETE": "DELETE FROM auditlog_logentry",
    "UPDATE": "UPDATE auditlog_logentry SET changes_text = 'forged'",
    "DROP": "DROP TABLE auditlog_logentry CASCADE",
}


@pytest.fixture
def app_role():
    """A role of the application's kind, made inside the test's transaction, so that it and its
    grants are rolled back with it (and named uniquely, for suites running side by side)."""
    role = f"assure_app_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN")
    call_command("grant_app_role", "--role", role, stdout=io.StringIO())
    return role


@pytest.fixture
def audited(small):
    """An audit entry to protect."""
    small.dbc_action.text = "Review the LAC timetable again"
    small.dbc_action.save()
    assert LogEntry.objects.exists()


def run_as(role: str | None, statement: str) -> str | None:
    """Run `statement` as `role` (the test's own, owning role when None) in a savepoint; the
    database's refusal, or None when it was let through."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # The test's own rows are still in its transaction: check their constraints now, or
            # TRUNCATE refuses for their pending checks before reaching the trigger.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if role:
                cursor.execute(f"SET LOCAL ROLE {role}")
            cursor.execute(statement)
    except DatabaseError as refusal:
        return str(refusal).splitlines()[0]
    return None


def rows():
    return sorted(map(repr, LogEntry.objects.values_list()))


@pytest.mark.parametrize("way", EMPTY_OR_CHANGE)
def test_the_application_role_cannot_empty_or_change_the_audit_history(app_role, audited, way, security_figure):
    before = rows()

    refusal = run_as(app_role, EMPTY_OR_CHANGE[way])

    assert refusal is not None, f"{way} was let through"
    assert "permission denied" in refusal or "must be owner" in refusal, refusal
    assert rows() == before
    security_figure.count(
        f"of {len(EMPTY_OR_CHANGE)} ways to empty or change the audit history refused as the application's role", 1
    )


def test_the_owner_cannot_truncate_the_audit_history_either(audited, security_figure):
    before = rows()

    refusal = run_as(None, "TRUNCATE auditlog_logentry")

    assert refusal and "cannot be changed or deleted" in refusal
    assert rows() == before
    security_figure("TRUNCATE refused by the database even to the tables' owner")


def test_the_application_works_as_its_role(client, small, app_role, security_figure):
    client.force_login(small.users["lead_dbc"])
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])
    entries = LogEntry.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")
    try:
        page = client.get(url)
        response = client.post(url, {"as_at_0": 1, "as_at_1": 6, "as_at_2": 2012, "status": "ongoing", "note": "Done"})
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            (user,) = cursor.fetchone()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")

    assert user == app_role
    assert (page.status_code, response.status_code) == (200, 302)
    assert ProgressUpdate.objects.get().note == "Done"
    assert LogEntry.objects.count() > entries
    security_figure("a progress update saved and audited as the application's role")


def test_tables_added_by_later_migrations_are_granted_too(app_role):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE assure_later_migration (id integer)")

    assert run_as(app_role, "INSERT INTO assure_later_migration VALUES (1)") is None
    assert "permission denied" in run_as(app_role, "TRUNCATE assure_later_migration")


def test_the_grant_refuses_the_owner_and_a_role_that_does_not_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()

    with pytest.raises(CommandError, match="superuser or owns the tables"):
        call_command("grant_app_role", "--role", owner)
    with pytest.raises(CommandError, match="There is no role"):
        call_command("grant_app_role", "--role", f"assure_missing_{uuid.uuid4().hex[:12]}")
