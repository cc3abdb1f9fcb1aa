"""The audit history, and the records that are history themselves (progress updates, their
evidence, sign-off decisions, target date moves), cannot be changed or deleted through the
application or the admin; on PostgreSQL the database refuses it too."""

import re

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from actionplans.models import EvidenceDocument, ProgressUpdate, SignOff, TargetChange
from tests import security_report
from tests.assure.test_audit_trail import WRITES, completed, writer
from tests.factories import EvidenceDocumentFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security("audit history read-only")]

HISTORY = [LogEntry, ProgressUpdate, EvidenceDocument, SignOff, TargetChange]
HISTORY_TABLES = {model._meta.db_table for model in HISTORY}
# Progress updates are added in the admin as the operator's fallback; the others only arise in the application.
ADDED_IN_ADMIN = {ProgressUpdate}


@pytest.fixture
def operator(client, small):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def history(small):
    """One entry of each kind of history."""
    update = completed(small)
    document = EvidenceDocumentFactory(progress_update=update, uploaded_by=small.users["lead_dbc"])
    sign_off = SignOff.objects.create(update=update, decision="accepted", decided_by=small.users["manager"])
    change = TargetChange(action=small.dbc_action, reason="Staffing", changed_by=small.users["manager"])
    change.before, change.after = small.dbc_action.target, small.pct_action.target
    change.save()
    entry = LogEntry.objects.get_for_object(small.dbc_action).first()
    return {
        LogEntry: entry,
        ProgressUpdate: update,
        EvidenceDocument: document,
        SignOff: sign_off,
        TargetChange: change,
    }


def rows(model):
    return sorted(map(repr, model.objects.values_list()))


def admin_writes(client, model, obj):
    """The admin's four ways to write: add, change, delete, and the list's 'delete selected'.
    Returns those that were let through."""
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    attempts = {
        "change": lambda: client.post(reverse(f"{name}_change", args=[obj.pk]), {"note": "x", "changes": "{}"}),
        "delete": lambda: client.post(reverse(f"{name}_delete", args=[obj.pk]), {"post": "yes"}),
        "delete selected": lambda: client.post(
            reverse(f"{name}_changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        ),
    }
    if model not in ADDED_IN_ADMIN:
        attempts["add"] = lambda: client.post(reverse(f"{name}_add"), {})
    allowed = set()
    for kind, attempt in attempts.items():
        before = rows(model)
        response = attempt()
        if rows(model) != before or (kind != "delete selected" and response.status_code != 403):
            allowed.add(kind)
    return allowed


@pytest.mark.parametrize("model", HISTORY, ids=lambda model: model.__name__)
def test_the_admin_refuses_to_change_or_delete_history_even_for_a_superuser(operator, history, model):
    before = rows(model)

    allowed = admin_writes(operator, model, history[model])

    assert allowed == set()
    assert rows(model) == before


def test_the_admin_offers_no_way_to_write_audit_entries(operator, history, security_figure):
    entry = history[LogEntry]
    before = rows(LogEntry)
    listing = operator.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    page = operator.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).content.decode()

    allowed = admin_writes(operator, LogEntry, entry)

    assert allowed == set()
    assert "delete_selected" not in listing
    assert 'name="_save"' not in page
    assert rows(LogEntry) == before
    security_figure(f"audit entries: {len(allowed)} of 4 admin write actions allowed")


class HistoryWrites:
    """A database execute wrapper noting each UPDATE or DELETE of a history table in `seen`."""

    def __init__(self, seen: list):
        self.seen = seen

    def __call__(self, execute, sql, params, many, context):
        statement = re.match(r'^\s*(UPDATE|DELETE FROM)\s+"?(\w+)"?', sql, re.IGNORECASE)
        if statement and statement.group(2) in HISTORY_TABLES:
            self.seen.append(f"{statement.group(1)} {statement.group(2)}")
        return execute(sql, params, many, context)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(scope="module")
def walked():
    counts = {"requests": 0, "history writes": 0}
    yield counts
    if counts["requests"]:
        security_report.tally.record_figure(
            "audit history read-only",
            f"{counts['requests']} write requests of the application, {counts['history writes']} change or "
            "delete history",
        )


@pytest.mark.parametrize("name", sorted(WRITES))
def test_no_write_request_of_the_application_changes_or_deletes_history(client, small, walked, name):
    """Every POST of the application that writes plan data (the audit trail's list, which a test
    keeps complete against the URL conf) is sent, and none updates or deletes a history row."""
    write = WRITES[name]
    client.force_login(writer(small, write.who))
    url = reverse(name, kwargs=write.kwargs(small))
    seen = []
    with connection.execute_wrapper(HistoryWrites(seen)):
        response = client.post(url, write.data(small))

    assert response.status_code == 302
    walked["requests"] += 1
    walked["history writes"] += len(seen)
    assert seen == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database guard is PostgreSQL's")
@pytest.mark.parametrize(
    "statement", ["UPDATE auditlog_logentry SET changes_text = 'x'", "DELETE FROM auditlog_logentry"]
)
def test_the_database_refuses_to_change_or_delete_audit_entries(history, statement, security_figure):
    before = rows(LogEntry)

    with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)

    assert rows(LogEntry) == before
    security_figure(f"raw {statement.split()[0]} refused by the database")
