"""Many people saving the same action at the same moment: no accepted change is lost, and
everyone whose change was not saved is told so.

Only PostgreSQL can show this: SQLite lets one writer in at a time, so its saves never overlap.
"""

import re

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse

from actionplans.models import ProgressUpdate
from agencies.roles import Role
from tests import factories as f
from tests.actionplans.test_manage_plans import action_data
from tests.actionplans.test_progress_updates import update_data
from tests.concurrency import post_at_once
from tests.conftest import SignInClient

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.security("concurrent saves"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: SQLite cannot show it"),
]

WANTED_THREADS = 50
CONFLICT = "Someone else changed this while you were editing it"


def threads_the_server_allows() -> int:
    """50, or fewer when the server's max_connections, less the connections already open and a
    margin for this test's own, cannot take 50 more."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        most = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_stat_activity")
        open_now = cursor.fetchone()[0]
    return min(WANTED_THREADS, most - open_now - 5)


def signed_in_clients(users) -> list[SignInClient]:
    clients = []
    for user in users:
        client = SignInClient(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    return clients


def test_simultaneous_edits_of_an_action_keep_every_accepted_change_and_report_every_conflict(small, security_figure):
    count = threads_the_server_allows()
    assert count >= 2, "the server has no room for concurrent connections"
    managers = [
        f.MembershipFactory(partnership=small.partnership, role=Role.BUSINESS_MANAGER).user for _ in range(count)
    ]
    action = small.dbc_action
    seen = action_data(action, leads=[small.lead_officer.pk])

    url = reverse("manage:action_edit", args=[action.pk])
    responses = post_at_once(
        signed_in_clients(managers), [(url, {**seen, "text": f"Rewritten by editor {n}"}) for n in range(count)]
    )

    accepted = [n for n, response in enumerate(responses) if response.status_code == 302]
    refused = [n for n, response in enumerate(responses) if response.status_code == 400]
    assert sorted(accepted + refused) == list(range(count)), [r.status_code for r in responses]
    for number in refused:
        assert CONFLICT in re.sub(r"\s+", " ", responses[number].content.decode())
    action.refresh_from_db()
    assert action.version == seen["version"] + len(accepted)
    history = LogEntry.objects.get_for_object(action).filter(action=LogEntry.Action.UPDATE).order_by("timestamp", "pk")
    saved_texts = [entry.changes["text"][1] for entry in history if "text" in entry.changes]
    lost = {f"Rewritten by editor {n}" for n in accepted} - set(saved_texts)
    assert not lost and len(saved_texts) == len(accepted)
    assert {entry.actor_id for entry in history} == {managers[n].pk for n in accepted}
    assert action.text == saved_texts[-1]
    security_figure(f"{count} threads: {len(accepted)} accepted, {len(lost)} lost, {len(refused)} conflicts reported")


def test_simultaneous_progress_updates_on_one_action_are_all_kept(small, security_figure, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    count = threads_the_server_allows()
    assert count >= 2, "the server has no room for concurrent connections"
    leads = [
        f.MembershipFactory(partnership=small.partnership, role=Role.AGENCY_LEAD, agency=small.dbc).user
        for _ in range(count)
    ]
    action = small.dbc_action

    url = reverse("actionplans:progress_update_create", args=[action.pk])
    responses = post_at_once(
        signed_in_clients(leads), [(url, update_data(note=f"Update from lead {n}")) for n in range(count)]
    )

    assert [response.status_code for response in responses] == [302] * count
    updates = ProgressUpdate.objects.filter(action=action)
    assert sorted(updates.values_list("note", flat=True)) == sorted(f"Update from lead {n}" for n in range(count))
    assert {update.recorded_by_id for update in updates} == {user.pk for user in leads}
    created = LogEntry.objects.filter(
        content_type__model="progressupdate", action=LogEntry.Action.CREATE, object_pk__in=[u.pk for u in updates]
    )
    assert created.count() == count
    action.refresh_from_db()
    assert action.latest_update == updates.latest_first().first()
    security_figure(f"{count} threads adding progress updates: {updates.count()} of {count} kept")
