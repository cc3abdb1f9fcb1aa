"""Production runs several web processes, any of which may answer any request: a session begun on
one continues on another; refused sign-ins counted by both lock the account and slow the address;
each process answers its health checks, serves the static files by their hashed names, compressed,
and logs each request as one JSON line.

Two gunicorn processes with the production settings (deploy/gunicorn.conf.py) serve the test
database and share one Redis cache, on 127.0.0.1. PostgreSQL and Redis only: the SQLite run
skips this module, and with REQUIRE_POSTGRES=1 a Redis that cannot be reached fails it.
"""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from agencies.roles import Role
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"  # the factories' password
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# Refusals from one address before its attempts are spaced: more than the pair's limit (10), so
# that the lockout test meets the lockout first, and more than half the attempts of the address test.
ADDRESS_FREE_FAILURES = 12
MOST_SECONDS_TO_START = 30

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: production's database"),
]


def redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def shared_redis():
    if not redis_reachable():
        message = f"Redis is not reachable at {REDIS_URL}"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{message}, and REQUIRE_POSTGRES=1 needs the multi-process tests to run.")
        pytest.skip(message)
    return REDIS_URL


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


@pytest.fixture(scope="module")
def production_environment(shared_redis, tmp_path_factory, django_db_setup):
    folder = tmp_path_factory.mktemp("production")
    inherited = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    environment = {
        **inherited,
        "ASSURE_ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://localhost",
        "DATABASE_URL": database_url(),
        "REDIS_URL": shared_redis,
        "CACHE_KEY_PREFIX": f"test-{secrets.token_hex(8)}",
        "SECURE_SSL_REDIRECT": "false",
        "BEHIND_PROXY": "true",
        "SIGN_IN_ADDRESS_FREE_FAILURES": str(ADDRESS_FREE_FAILURES),
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_HOST": "127.0.0.1",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
        timeout=120,
    )
    return environment


class WebProcess:
    """One gunicorn process serving Assure with the production settings."""

    def __init__(self, environment: dict, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "assure.wsgi"],
            cwd=ROOT,
            env={**environment, "PORT": str(self.port)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + MOST_SECONDS_TO_START
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise AssertionError(f"gunicorn on {self.url} did not become ready:\n{self.log_path.read_text()}")

    def log_lines(self) -> list[str]:
        self.log.flush()
        return self.log_path.read_text().splitlines()

    def stop(self) -> None:
        self.process.terminate()
        self.wait()

    def wait(self) -> None:
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def web(production_environment, tmp_path):
    """Two web processes, new for each test: emptying the database after a test gives the content
    types new ids, and a process keeps the ids it has read (the audit history names them)."""
    environment = production_environment
    processes = [WebProcess(environment, tmp_path / f"web-{number}.log") for number in (1, 2)]
    try:
        for process in processes:
            process.wait_until_ready()
        yield processes
    finally:
        for process in processes:
            process.process.terminate()
        for process in processes:
            process.wait()


class Browser:
    """A person's browser, sending its cookies to whichever process it is given. (The cookies
    are marked Secure, so a real browser sends them over HTTPS only; here they travel over
    loopback HTTP.)"""

    def __init__(self, address: str):
        self.cookies = {}
        self.address = address

    def get(self, process: WebProcess, path: str, **headers) -> requests.Response:
        return self._keep(requests.get(process.url + path, headers=self._headers(headers), allow_redirects=False))

    def post(self, process: WebProcess, path: str, data: dict) -> requests.Response:
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self._keep(
            requests.post(process.url + path, data=data, headers=self._headers({}), allow_redirects=False)
        )

    def sign_in(self, process: WebProcess, username: str, password: str) -> requests.Response:
        self.get(process, "/sign-in/")
        return self.post(process, "/sign-in/", {"username": username, "password": password})

    def _headers(self, headers: dict) -> dict:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {"Cookie": cookie, "X-Forwarded-For": self.address, **headers}

    def _keep(self, response: requests.Response) -> requests.Response:
        self.cookies.update(response.cookies.get_dict())
        return response


def person(username: str):
    """Someone whose password production's hasher can check (the tests' own hasher is not one of
    production's), at few iterations so that checking it is quick."""
    user = f.UserFactory(username=username)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def lead(username: str):
    user = person(username)
    agency = f.AgencyFactory()
    f.MembershipFactory(user=user, partnership=agency.partnership, role=Role.AGENCY_LEAD, agency=agency)
    return user


def test_a_session_begun_on_one_process_continues_on_the_other(web):
    first, second = web
    lead("robin-lead")
    browser = Browser("198.51.100.1")

    signed_in = browser.sign_in(first, "robin-lead", PASSWORD)
    page = browser.get(second, "/actions/")

    assert signed_in.status_code == 302
    assert page.status_code == 200
    assert "Sign out" in page.text


def test_ten_refused_sign_ins_over_both_processes_lock_the_account_on_both(web):
    lead("sam-lead")
    browser = Browser("198.51.100.2")

    refusals = [browser.sign_in(web[attempt % 2], "sam-lead", "not the password").status_code for attempt in range(10)]
    with_the_password = [browser.sign_in(process, "sam-lead", PASSWORD) for process in web]

    assert refusals == [200] * 9 + [429]
    assert [response.status_code for response in with_the_password] == [429, 429]


def test_refusals_from_one_address_over_both_processes_are_counted_together(web):
    """Past the address's free refusals, each attempt that goes ahead doubles the wait (1, 2, 4 ...
    seconds), so a few attempts later one is held back. Counted by each process alone, the
    attempts would stay within the free refusals."""
    browser = Browser("198.51.100.3")
    most_attempts = ADDRESS_FREE_FAILURES + 6
    for number in range(most_attempts):
        person(f"nobody-{number}")

    answers = []
    while len(answers) < most_attempts and 429 not in answers:
        answers.append(browser.sign_in(web[len(answers) % 2], f"nobody-{len(answers)}", "a guess").status_code)

    assert answers[:ADDRESS_FREE_FAILURES] == [200] * ADDRESS_FREE_FAILURES
    assert answers[-1] == 429


def test_each_process_answers_its_health_checks(web):
    answers = [
        requests.get(process.url + path, headers={"Host": "10.0.0.7"}, timeout=2)
        for process in web
        for path in ("/healthz", "/readyz")
    ]

    assert [(answer.status_code, answer.text) for answer in answers] == [(200, "ok")] * 4


def test_static_files_are_served_by_hashed_names_compressed_and_kept_for_a_year(web):
    page = Browser("198.51.100.4").get(web[1], "/sign-in/")
    [stylesheet] = re.findall(r'href="(/static/dist/assure\.[0-9a-f]{12}\.css)"', page.text)

    response = requests.get(web[0].url + stylesheet, headers={"Accept-Encoding": "gzip"}, timeout=5)

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert "--govuk-frontend-version" in response.text


def test_each_request_is_one_json_line_with_its_request_id(web):
    user = lead("kim-lead")
    browser = Browser("198.51.100.5")
    browser.sign_in(web[0], "kim-lead", PASSWORD)

    response = browser.get(web[1], "/actions/?q=secret+words", **{"X-Request-ID": "proxy-request-0001"})

    [line] = [json.loads(text) for text in web[1].log_lines() if "proxy-request-0001" in text]
    assert response.headers["X-Request-ID"] == "proxy-request-0001"
    assert line["logger"] == "assure.requests"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/actions/", 200)
    assert line["user_id"] == user.pk
    assert line["partnership_id"] == user.memberships.get().partnership_id
    assert line["duration_ms"] > 0
