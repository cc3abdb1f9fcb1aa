"""The people the load test simulates (`make loadtest`, which runs scripts/loadtest.py).

Leads open their start page and their actions and add progress updates with a small PDF;
scrutiny members read the dashboard, its drill-downs and the plan; business managers read the
update round and ask for the board paper. They sign in as the logins `generate_load_data` made.
Each update carries a one-off submission token, also written in its note; the tokens of the
updates the server accepted go to LOADTEST_ACCEPTED, one a line, for `check_load_test`.
"""

import binascii
import itertools
import os
import random
import re
import secrets
import sys
import time
from datetime import date
from pathlib import Path

from django_otp.oath import totp
from locust import HttpUser, between, events, task
from requests.cookies import RequestsCookieJar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from demo.load_logins import (  # noqa: E402
    AGENCY_SHORT_NAMES,
    LOAD_AUTHENTICATOR_KEY,
    LOAD_PASSWORD,
    SCRUTINY_PER_PARTNERSHIP,
    UPDATE_NOTE_PREFIX,
    lead_role,
    load_username,
)

PARTNERSHIPS = int(os.environ.get("LOADTEST_PARTNERSHIPS", "150"))
SEED = int(os.environ.get("LOADTEST_SEED", "16"))
ACCEPTED = Path(os.environ.get("LOADTEST_ACCEPTED", "var/loadtest/accepted.txt"))
# A tiny valid PDF, as evidence: the upload checks read the content, not the name.
EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# One in this many updates is posted twice with the same token, as a double click does.
DOUBLE_POST_EVERY = 10

_choices = random.Random(SEED)
_people = itertools.count()
_accepted = None


@events.test_start.add_listener
def _open_accepted(**kwargs):
    global _accepted
    ACCEPTED.parent.mkdir(parents=True, exist_ok=True)
    _accepted = ACCEPTED.open("w")


@events.test_stop.add_listener
def _close_accepted(**kwargs):
    _accepted.close()


def _record_accepted(token: str) -> None:
    _accepted.write(token + "\n")
    _accepted.flush()


def _links(html: str, pattern: str) -> list[str]:
    return sorted(set(link.replace("&amp;", "&") for link in re.findall(f'href="({pattern})"', html)))


class LoopbackCookies(RequestsCookieJar):
    """Production's cookies are Secure. Browsers send them to localhost over plain HTTP (as
    `make prod-local` serves); so does the load test, which only ever talks to this machine."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)

    def on_start(self):
        self.client.cookies = LoopbackCookies()
        self.number = next(_people) % PARTNERSHIPS + 1
        self.sign_in()

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def sign_in(self):
        self.client.get("/sign-in/", name="sign-in page")
        with self.client.post(
            "/sign-in/",
            {"username": self.username(), "password": LOAD_PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused for {self.username()} ({response.status_code})")

    def page(self, url: str, name: str):
        return self.client.get(url, name=name)


class Lead(Person):
    weight = 6

    def username(self) -> str:
        return load_username(self.number, lead_role(AGENCY_SHORT_NAMES[self.number % len(AGENCY_SHORT_NAMES)]))

    def on_start(self):
        super().on_start()
        self.actions = _links(self.page("/", "start page").text, r"/actions/\d+/")

    @task(3)
    def start_page(self):
        self.page("/", "start page")

    @task(3)
    def action_page(self):
        if self.actions:
            self.page(_choices.choice(self.actions), "action page")

    @task(2)
    def progress_update(self):
        if not self.actions:
            return
        form = f"{_choices.choice(self.actions)}update/"
        self.page(form, "progress update form")
        token = f"lt{secrets.token_hex(16)}"
        posts = 2 if _choices.randrange(DOUBLE_POST_EVERY) == 0 else 1
        accepted = [self.post_update(form, token) for _ in range(posts)]
        if all(accepted):
            _record_accepted(token)

    def post_update(self, form: str, token: str) -> bool:
        day = date.today()
        fields = {
            "csrfmiddlewaretoken": self.csrf(),
            "submission": token,
            "as_at_0": day.day,
            "as_at_1": day.month,
            "as_at_2": day.year,
            "status": "underway",
            "rag": "amber",
            "note": f"{UPDATE_NOTE_PREFIX}{token}",
            "rag_change_reason": "The audit found fewer late reviews.",
        }
        files = {"evidence_files": ("audit.pdf", EVIDENCE_PDF, "application/pdf")}
        with self.client.post(
            form, fields, files=files, name="progress update post", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302 and "/update/" not in response.headers.get("Location", "/update/"):
                return True
            response.failure(f"update not accepted ({response.status_code})")
            return False


class Scrutiny(Person):
    weight = 3

    def username(self) -> str:
        return load_username(self.number, f"scrutiny-{self.number % SCRUTINY_PER_PARTNERSHIP + 1}")

    def on_start(self):
        super().on_start()
        self.read_dashboard()
        self.plans = _links(self.page("/plans/", "plan list").text, r"/plans/\d+/")

    def read_dashboard(self):
        html = self.page("/dashboard/", "dashboard").text
        self.drill_downs = _links(html, r"/actions/\?[^\"]*")

    @task(3)
    def dashboard(self):
        self.read_dashboard()

    @task(4)
    def drill_down(self):
        if self.drill_downs:
            self.page(_choices.choice(self.drill_downs), "dashboard drill-down")

    @task(2)
    def plan_page(self):
        if self.plans:
            self.page(self.plans[0], "plan page")


class Manager(Person):
    weight = 1

    def username(self) -> str:
        return load_username(self.number, "manager")

    def sign_in(self):
        """Password and authenticator code on one page. A code works once per login and the
        server takes this step's and the next, so a simulated manager sharing a login with
        others who took both waits for the next step."""
        self.client.get("/sign-in/with-code/", name="sign-in page")
        tries = [(attempt, offset) for attempt in range(3) for offset in (0, 1)]
        for attempt, offset in tries:
            if attempt and not offset:
                time.sleep(30)
            code = totp(binascii.unhexlify(LOAD_AUTHENTICATOR_KEY), drift=offset)
            fields = {
                "username": self.username(),
                "password": LOAD_PASSWORD,
                "code": f"{code:06d}",
                "csrfmiddlewaretoken": self.csrf(),
            }
            with self.client.post(
                "/sign-in/with-code/", fields, name="sign in with code", allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code == 302:
                    return
                if (attempt, offset) == tries[-1]:
                    response.failure(f"no code accepted for {self.username()}")
                else:
                    response.success()  # a code already used is refused by design

    def on_start(self):
        super().on_start()
        self.rounds = _links(self.page("/rounds/", "round list").text, r"/rounds/\d+/")
        self.plans = _links(self.page("/plans/", "plan list").text, r"/plans/\d+/")

    @task(4)
    def round_page(self):
        if self.rounds:
            self.page(self.rounds[0], "round page")

    @task(1)
    def board_paper(self):
        if not self.plans:
            return
        with self.client.get(
            f"{self.plans[0]}paper.pdf", name="board paper", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code in (200, 302):
                response.success()
            else:
                response.failure(f"paper refused ({response.status_code})")
