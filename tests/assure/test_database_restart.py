"""The database going away under the application: the request in flight fails cleanly with a
friendly page, nothing is half-written, and the application carries on without a restart.

Only PostgreSQL can show the connection lost: the tests end the request's server connection
from another one.
"""

import re

import psycopg2
import pytest
from auditlog.models import LogEntry
from django.core.handlers.wsgi import WSGIHandler
from django.db import InterfaceError, OperationalError, connection
from django.test import RequestFactory
from django.urls import reverse

from actionplans.models import ProgressUpdate
from core.errors import server_error
from tests.actionplans.test_progress_updates import update_data

pytestmark = [pytest.mark.django_db, pytest.mark.security("database restart")]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: SQLite has no server to lose"
)


def terminate(pid: int) -> None:
    """End server process `pid` from a second connection, as a database restart would."""
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


class KillAfterFirstInsert:
    """A query wrapper that ends the connection just after the request's first INSERT ran."""

    def __init__(self):
        self.killed_after = None

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if self.killed_after is None and sql.lstrip().upper().startswith("INSERT"):
            self.killed_after = sql
            terminate(context["connection"].connection.get_backend_pid())
        return result


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_fault_gives_the_try_again_page_without_its_details(rf, error):
    try:
        raise error("could not connect to server at db.internal.example (10.0.0.5)")
    except error:
        response = server_error(rf.get("/"))

    assert response.status_code == 503 and response["Retry-After"] == "120"
    assert "Try again in a few minutes" in text_of(response)
    assert "db.internal" not in text_of(response)


def test_any_other_fault_gives_the_problem_page(rf):
    try:
        raise ValueError("could not connect to server")
    except ValueError:
        response = server_error(rf.get("/"))

    assert response.status_code == 500 and not response.has_header("Retry-After")
    assert "Sorry, there is a problem with the service" in text_of(response)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_mid_write_gives_a_friendly_page_writes_nothing_and_the_next_request_works(
    small, lead, security_figure
):
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])
    ticked = f"milestone_{small.milestone.pk}"
    data = update_data(
        **{ticked: "on", f"{ticked}_done_on_0": "3", f"{ticked}_done_on_1": "7", f"{ticked}_done_on_2": "2012"}
    )
    kill = KillAfterFirstInsert()

    with connection.execute_wrapper(kill):
        failed = lead.post(url, data)

    assert 'INSERT INTO "actionplans_progressupdate"' in kill.killed_after
    page = text_of(failed)
    assert failed.status_code == 503 and failed["Retry-After"] == "120"
    assert "Sorry, the service is unavailable" in page and "Try again in a few minutes" in page
    for detail in ("Traceback", "OperationalError", "terminat", "psycopg", "SELECT", "INSERT"):
        assert detail not in page
    small.milestone.refresh_from_db()
    small.dbc_action.refresh_from_db()
    half_written = (
        ProgressUpdate.objects.count()
        + LogEntry.objects.filter(content_type__model="progressupdate").count()
        + (small.milestone.done_on is not None)
        + (small.dbc_action.latest_update_id is not None)
    )
    assert half_written == 0

    next_page = lead.get(reverse("actionplans:action_detail", args=[small.dbc_action.pk]))
    again = lead.post(url, data)

    assert next_page.status_code == 200
    assert again.status_code == 302 and ProgressUpdate.objects.count() == 1
    security_figure(
        f"connection killed mid-write: {failed.status_code} friendly page, {half_written} rows half-written, "
        f"next request {next_page.status_code}"
    )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_after_the_database_restarts_a_kept_connection_is_checked_and_replaced(
    small, lead, monkeypatch, security_figure
):
    # A real server (not the test client) checks kept connections at the start of each request.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    connection.close()
    connection.ensure_connection()
    terminate(connection.connection.get_backend_pid())
    environ = RequestFactory()._base_environ(
        PATH_INFO=reverse("actionplans:action_detail", args=[small.dbc_action.pk]),
        REQUEST_METHOD="GET",
        HTTP_COOKIE=lead.cookies.output(header="", sep=";"),
    )
    statuses = []

    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    response.close()

    assert statuses == ["200 OK"]
    connection.close()
    security_figure("connection killed between requests: next request 200")
