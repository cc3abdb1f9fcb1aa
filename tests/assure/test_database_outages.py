"""The database out of reach, however it surfaces: every request it fails answers 503 with
Retry-After, and no save that was stored is reported as failed.

The fault test needs PostgreSQL: a real server answers real requests while another connection
ends the application's connections every second or so. The shapes the loss takes (an error
psycopg2 raises that Django did not wrap, one raised while handling it, the session save failing
after the view's save committed) are checked on either database.
"""

import http.client
import itertools
import random
import re
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import psycopg2
import pytest
import time_machine
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import mail
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connection, connections
from django.db.transaction import TransactionManagementError
from django.http import HttpRequest
from django.urls import reverse

from actionplans.models import Decision, ProgressUpdate, Reminder, ReminderKind, SignOff, UpdateRound
from actionplans.services.rounds import round_open
from agencies.roles import Role
from core.errors import server_error
from core.models import FormSubmission
from tests import factories as f
from tests.actionplans.test_progress_updates import update_data
from tests.actionplans.test_rounds import DEADLINE, open_form
from tests.actionplans.test_rounds import OPENED as ROUND_OPENED
from tests.actionplans.test_signoff import complete
from tests.conftest import SignInClient

pytestmark = [pytest.mark.django_db, pytest.mark.security("database outages")]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: SQLite has no server to lose"
)
LOST = "server closed the connection unexpectedly"
PASSWORD = "correct horse battery staple"  # the factories' password
PEOPLE = 4
ROUNDS = 10  # of killing, to have seen enough outages
MOST_REQUESTS = 2000
MOST_SECONDS = 40
# Any 32 letters serve as a CSRF secret: the cookie and the form field carry the same one.
CSRF_SECRET = "outagesoutagesoutagesoutagesouta"
ADDED = "Your update has been added."
ALREADY_SAVED = "This was already saved. It has not been saved twice."


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def raw_lost_connection():
    raise psycopg2.OperationalError(LOST)


def raw_closed_connection():
    raise psycopg2.InterfaceError("connection already closed")


def wrapped_lost_connection():
    try:
        raw_lost_connection()
    except psycopg2.OperationalError as error:
        raise OperationalError(*error.args) from error


def error_while_handling_a_lost_connection():
    try:
        wrapped_lost_connection()
    except OperationalError:
        raise TransactionManagementError("An error occurred in the current transaction.") from None


@pytest.mark.parametrize(
    "fault",
    [raw_lost_connection, raw_closed_connection, wrapped_lost_connection, error_while_handling_a_lost_connection],
)
def test_every_shape_of_a_lost_connection_gives_the_try_again_page(rf, fault):
    try:
        fault()
    except Exception:
        response = server_error(rf.get("/"))

    assert response.status_code == 503 and response["Retry-After"] == "120"
    assert "Try again in a few minutes" in text_of(response)
    assert "connection" not in text_of(response)


class LoseConnectionAt:
    """A query wrapper that raises `error` for the first statement containing `sql`, after the
    statement ran: as a connection lost while its results are read."""

    def __init__(self, sql: str, error: Exception):
        self.sql = sql
        self.error = error
        self.raised = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not self.raised and self.sql in sql:
            self.raised = True
            raise self.error
        return result


@pytest.mark.parametrize(
    "error", [psycopg2.OperationalError(LOST), psycopg2.InterfaceError("connection already closed")], ids=repr
)
@pytest.mark.parametrize(
    "where", ['FROM "actionplans_action"', 'FROM "django_session"'], ids=["in the view", "in a middleware"]
)
def test_a_connection_lost_unwrapped_while_reading_results_gives_the_try_again_page(small, lead, error, where):
    lost = LoseConnectionAt(where, error)

    with connection.execute_wrapper(lost):
        response = lead.get(reverse("actionplans:action_detail", args=[small.dbc_action.pk]))

    assert lost.raised
    assert response.status_code == 503 and response["Retry-After"] == "120"
    assert "Sorry, the service is unavailable" in text_of(response)


def test_an_update_saved_before_the_session_save_lost_the_connection_is_reported_saved(small, lead):
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])
    data = update_data(submission="outage-after-commit")
    lost = LoseConnectionAt('UPDATE "django_session"', OperationalError(LOST))

    with connection.execute_wrapper(lost):
        saved = lead.post(url, data)

    assert lost.raised
    assert saved.status_code == 302 and saved.url == reverse("actionplans:action_detail", args=[small.dbc_action.pk])
    assert messages_in(saved.cookies["messages"].value) == [ADDED]
    assert ProgressUpdate.objects.count() == 1
    again = lead.post(url, data, follow=True)
    assert ALREADY_SAVED in text_of(again)
    assert ProgressUpdate.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_update_committed_as_the_connection_was_lost_is_found_already_saved_when_sent_again(
    small, lead, monkeypatch
):
    database = connections[DEFAULT_DB_ALIAS]
    commit = database.commit
    lost = []

    def commit_then_lose_the_answer():
        commit()
        if not lost:
            lost.append(True)
            raise OperationalError(LOST)

    monkeypatch.setattr(database, "commit", commit_then_lose_the_answer)
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])
    data = update_data(submission="committed-unanswered")

    unanswered = lead.post(url, data)
    again = lead.post(url, data, follow=True)

    assert lost and unanswered.status_code == 503 and unanswered["Retry-After"] == "120"
    assert "go back and send the same form again" in text_of(unanswered)
    assert again.redirect_chain == [(reverse("actionplans:action_detail", args=[small.dbc_action.pk]), 302)]
    assert ALREADY_SAVED in text_of(again)
    assert ProgressUpdate.objects.count() == 1


def test_a_page_ready_before_the_session_save_lost_the_connection_is_shown(small, lead):
    lost = LoseConnectionAt('UPDATE "django_session"', OperationalError(LOST))

    with connection.execute_wrapper(lost):
        page = lead.get(reverse("actionplans:action_detail", args=[small.dbc_action.pk]))

    assert lost.raised
    assert page.status_code == 200 and "Review the LAC timetable" in text_of(page)


def test_a_session_ended_elsewhere_during_the_request_is_still_refused(small, lead):
    # Django's own answer when the session row was deleted meanwhile (signing out on another device).
    gone = LoseConnectionAt('UPDATE "django_session"', DatabaseError("Forced update did not affect any rows."))

    with connection.execute_wrapper(gone):
        response = lead.get(reverse("actionplans:action_detail", args=[small.dbc_action.pk]))

    assert gone.raised and response.status_code == 400


class LoseConnectionAfterTheSave(LoseConnectionAt):
    """As LoseConnectionAt, for a statement run outside any transaction: after the view's save
    committed."""

    def __call__(self, execute, sql, params, many, context):
        if context["connection"].in_atomic_block:
            return execute(sql, params, many, context)
        return super().__call__(execute, sql, params, many, context)


@pytest.fixture
def manager(small):
    client = SignInClient(raise_request_exception=False)
    client.force_login(small.users["manager"])
    return client


@pytest.mark.django_db(transaction=True)
def test_a_round_opened_before_its_emails_lost_the_connection_is_reported_open_and_the_emails_wait(small, manager):
    lost = LoseConnectionAfterTheSave('FROM "actionplans_reminder"', OperationalError(LOST))

    with time_machine.travel(ROUND_OPENED, tick=False), connection.execute_wrapper(lost):
        response = manager.post(reverse("actionplans:round_open", args=[small.plan.pk]), open_form())

    update_round = UpdateRound.objects.get()
    assert lost.raised
    assert response.status_code == 302
    assert response["Location"] == reverse("actionplans:round_detail", args=[update_round.pk])
    assert mail.outbox == [] and Reminder.objects.pending().count() == 2  # for the next send_reminders


@pytest.mark.django_db(transaction=True)
def test_a_completion_returned_before_its_email_lost_the_connection_is_reported_returned(small, lead, manager):
    complete(lead, small.dbc_action, evidence_statement="Minutes.")
    update = small.dbc_action.progress_updates.get()
    lost = LoseConnectionAfterTheSave('FROM "actionplans_reminder"', OperationalError(LOST))

    with connection.execute_wrapper(lost):
        response = manager.post(reverse("actionplans:completion_return", args=[update.pk]), {"reason": "No audit."})

    assert lost.raised
    assert response.status_code == 302 and SignOff.objects.get().decision == Decision.RETURNED
    assert mail.outbox == [] and Reminder.objects.pending().count() == 1


def test_reminders_queued_before_their_sending_lost_the_connection_are_reported_waiting_for_the_next_run(
    small, manager
):
    opened = ROUND_OPENED.date()
    with time_machine.travel(ROUND_OPENED, tick=False) as traveller:
        update_round = round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=opened)
        traveller.shift(timedelta(days=5))
        lost = LoseConnectionAt('UPDATE "actionplans_reminder"', OperationalError(LOST))  # marking one sent
        with connection.execute_wrapper(lost):
            response = manager.post(reverse("actionplans:round_remind", args=[update_round.pk]))

    assert lost.raised
    assert response.status_code == 302
    assert messages_in(response.cookies["messages"].value) == [
        "0 reminders sent. 2 could not be sent and will be tried again at the next reminder run."
    ]
    assert Reminder.objects.filter(kind=ReminderKind.CHASE).pending().count() == 2


class Terminator(threading.Thread):
    """Ends every connection to the test database but the `spared` ones, every 1 to 1.5 seconds
    (a seeded draw), as a database that keeps restarting would."""

    def __init__(self, params: dict, spared: list[int]):
        super().__init__(daemon=True)
        self.params = params
        self.spared = spared
        self.stopped = threading.Event()
        self.pauses = random.Random(13)
        self.rounds = 0
        self.killed = 0

    def run(self) -> None:
        other = psycopg2.connect(**self.params)
        other.autocommit = True
        try:
            while not self.stopped.wait(self.pauses.uniform(1.0, 1.5)):
                with other.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND NOT pid = ANY(%s)",
                        [self.spared],
                    )
                    self.killed += cursor.fetchone()[0]
                self.rounds += 1
        finally:
            other.close()


@dataclass
class Answer:
    kind: str
    status: int
    retry_after: str | None
    location: str
    messages: list[str]


def messages_in(cookie: str) -> list[str]:
    """The messages a response's `messages` cookie carries to the next page."""
    request = HttpRequest()
    request.COOKIES["messages"] = cookie
    return [str(message) for message in CookieStorage(request)]


@dataclass
class Browser:
    """One person's browser on the live server: its cookies, and every answer it was given."""

    address: str
    cookies: dict
    answers: list = field(default_factory=list)

    def send(self, kind: str, method: str, path: str, data: dict | None = None) -> Answer:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if method == "POST":
            body = urlencode({**data, "csrfmiddlewaretoken": CSRF_SECRET})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        address = urlsplit(self.address)
        server = http.client.HTTPConnection(address.hostname, address.port, timeout=20)
        try:
            server.request(method, path, body=body, headers=headers)
            response = server.getresponse()
            response.read()
        finally:
            server.close()
        answer = Answer(
            kind, response.status, response.getheader("Retry-After"), response.getheader("Location", ""), []
        )
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if name == "messages":
                    answer.messages = messages_in(morsel.value)
                else:
                    self.cookies[name] = morsel.value
        self.answers.append(answer)
        return answer


@dataclass
class Update:
    """One filling-in of the progress update form (its once-only token), and the answers to
    every post of it."""

    token: str
    answers: list = field(default_factory=list)

    @property
    def outcome(self) -> str:
        last = self.answers[-1]
        for outcome, message in [("added", ADDED), ("already saved", ALREADY_SAVED)]:
            if last.status == 302 and message in last.messages:
                return outcome
        return str(last.status)


class Person(threading.Thread):
    """A lead who opens pages, adds progress updates and signs in on another device, in turn,
    while `budget` allows. An update answered 503 is sent again once the database is back, as the
    503 page asks."""

    def __init__(self, address: str, user, action, budget):
        super().__init__(daemon=True)
        signed_in = SignInClient()
        signed_in.force_login(user)
        self.browser = Browser(address, {"csrftoken": CSRF_SECRET, "sessionid": signed_in.cookies["sessionid"].value})
        self.address = address
        self.username = user.username
        self.action = action
        self.budget = budget
        self.updates: list[Update] = []
        self.failures: list[str] = []

    def run(self) -> None:
        steps = itertools.cycle([self.open_action, self.add_update, self.open_start, self.add_update, self.sign_in])
        try:
            while self.budget():
                next(steps)()
        except Exception as error:  # reported by the test rather than lost with the thread
            self.failures.append(repr(error))

    def open_action(self) -> None:
        self.browser.send("page", "GET", reverse("actionplans:action_detail", args=[self.action.pk]))

    def open_start(self) -> None:
        self.browser.send("page", "GET", reverse("start"))

    def add_update(self) -> None:
        update = Update(secrets.token_urlsafe(16))
        self.updates.append(update)
        self.post(update)

    def post(self, update: Update) -> None:
        url = reverse("actionplans:progress_update_create", args=[self.action.pk])
        update.answers.append(self.browser.send("update", "POST", url, update_data(submission=update.token)))

    def send_again_what_met_an_outage(self) -> None:
        for update in self.updates:
            for _ in range(3):
                if update.answers[-1].status != 503:
                    break
                self.post(update)

    def sign_in(self) -> None:
        device = Browser(self.address, {"csrftoken": CSRF_SECRET}, self.browser.answers)
        device.send("sign-in", "POST", reverse("login"), {"username": self.username, "password": PASSWORD})


class Budget:
    """Requests among everyone until the terminator has done ROUNDS rounds: however fast the
    machine answers, the traffic spans enough outages. Bounded by MOST_REQUESTS and MOST_SECONDS."""

    def __init__(self, terminator: "Terminator"):
        self.terminator = terminator
        self.left = MOST_REQUESTS
        self.until = time.monotonic() + MOST_SECONDS
        self.lock = threading.Lock()

    def __call__(self) -> bool:
        with self.lock:
            self.left -= 1
            return self.left >= 0 and time.monotonic() < self.until and self.terminator.rounds < ROUNDS


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_connections_killed_every_second_or_so_give_503s_and_no_stored_update_reported_failed(
    live_server, small, security_figure
):
    connection.ensure_connection()  # this test's own connection is spared, to count what was stored
    terminator = Terminator(connection.get_connection_params(), [connection.connection.get_backend_pid()])
    budget = Budget(terminator)
    people = [
        Person(live_server.url, membership.user, small.dbc_action, budget)
        for membership in f.MembershipFactory.create_batch(
            PEOPLE, partnership=small.partnership, role=Role.AGENCY_LEAD, agency=small.dbc
        )
    ]

    started = time.monotonic()
    terminator.start()
    for person in people:
        person.start()
    for person in people:
        person.join()
    terminator.stopped.set()
    terminator.join()
    seconds = time.monotonic() - started
    for person in people:
        person.send_again_what_met_an_outage()

    assert [failure for person in people for failure in person.failures] == []
    answers = [answer for person in people for answer in person.browser.answers]
    statuses = Counter(answer.status for answer in answers)
    outages = [answer for answer in answers if answer.status == 503]
    updates = [update for person in people for update in person.updates]
    outcomes = Counter(update.outcome for update in updates)
    stored = set(FormSubmission.objects.values_list("token", flat=True))
    reported_failed = [
        update for update in updates if update.token in stored and update.outcome not in ("added", "already saved")
    ]
    at_once = [update for update in updates if update.answers[0].status == 302]
    sent_again = Counter(update.outcome for update in updates if update.answers[0].status == 503)
    sign_ins = Counter(answer.status for answer in answers if answer.kind == "sign-in")
    security_figure(
        f"{len(answers)} requests in {seconds:.0f} s with connections killed every 1-1.5 s "
        f"({terminator.killed} killed in {terminator.rounds} rounds): {statuses[500]} x 500, {statuses[400]} x 400, "
        f"{len(outages)} x 503 ({sum(answer.retry_after == '120' for answer in outages)} with Retry-After); "
        f"{len(updates)} updates: {len(at_once)} reported saved at once, {sent_again.total()} answered 503 and "
        f"sent again ({sent_again['added']} saved then, {sent_again['already saved']} found already saved); "
        f"{len(stored)} stored, {len(reported_failed)} stored but reported failed; "
        f"sign-ins: {sign_ins[302]} through, {sign_ins[503]} x 503"
    )

    assert terminator.rounds >= ROUNDS and outages, "the connections were not killed often enough to show anything"
    assert statuses[500] == 0 and statuses[400] == 0
    assert all(answer.retry_after == "120" for answer in outages)
    expected = {"page": {200, 503}, "update": {302, 503}, "sign-in": {302, 503}}
    assert [answer for answer in answers if answer.status not in expected[answer.kind]] == []
    assert reported_failed == []
    assert set(outcomes) <= {"added", "already saved"}
    assert stored == {update.token for update in updates}
    assert ProgressUpdate.objects.count() == len(stored)
