"""A simulated attacker against the sign-in page, an hour of it with time-machine moving the
clock: the person attacked still signs in every time, from their own address and, with their
authenticator, from the attacker's address; the attacker's guesses are counted."""

import heapq
import itertools
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.two_factor import authenticator, code_for

pytestmark = [pytest.mark.django_db, pytest.mark.security("sign-in throttling")]

HOUR = 60 * 60
ATTEMPTS = 1_000
SIGN_INS = 10
TRIES = 3  # a person told to wait tries again, as told, up to this many times in all
PASSWORD = "the victim's own long passphrase"
COLLEAGUE_PASSWORD = "a colleague's own long passphrase"
HOME, NAT = "192.0.2.10", "203.0.113.7"


class Hour:
    """Who does what when: actions run in time order, each with the clock moved to its moment."""

    def __init__(self, clock, start):
        self.clock, self.start, self.queue, self.order = clock, start, [], itertools.count()

    def at(self, seconds: float, action) -> None:
        heapq.heappush(self.queue, (seconds, next(self.order), action))

    def run(self) -> None:
        while self.queue:
            seconds, _, action = heapq.heappop(self.queue)
            self.clock.move_to(self.start + timedelta(seconds=seconds))
            action(seconds)


class Person:
    """Signs in every six minutes from `address`, as a person would: told to wait, waits and
    tries again; told they may use their authenticator instead, does."""

    def __init__(self, hour, user, password, address, device=None):
        self.hour, self.user, self.password, self.address, self.device = hour, user, password, address, device
        self.signed_in = 0

    def every_six_minutes(self, offset: int) -> None:
        for n in range(SIGN_INS):
            self.hour.at(offset + n * 360, lambda now: self.sign_in(now, tries_left=TRIES))

    def sign_in(self, now, tries_left) -> None:
        browser = Client(REMOTE_ADDR=self.address)
        answer = browser.post(reverse("login"), {"username": self.user.username, "password": self.password})
        if answer.status_code == 429 and self.device is not None:
            code = code_for(self.device)
            fields = {"username": self.user.username, "password": self.password, "code": code}
            answer = browser.post(reverse("sign_in_with_code"), fields)
        elif answer.status_code == 302 and self.device is not None:
            answer = browser.post(reverse("two_factor_verify"), {"code": code_for(self.device)})
        if answer.status_code == 302 and browser.get(reverse("start")).status_code == 200:
            self.signed_in += 1
        elif answer.status_code == 429 and tries_left > 1:
            wait = int(answer["Retry-After"])
            self.hour.at(now + wait, lambda later: self.sign_in(later, tries_left - 1))


class Attacker:
    """Sends `ATTEMPTS` wrong passwords in the hour, evenly spaced, from the given addresses in
    turn, for the usernames given in turn; it does not wait when told to."""

    def __init__(self, hour, addresses, usernames):
        self.hour, self.addresses, self.usernames = hour, addresses, usernames

    def start(self) -> None:
        spacing = HOUR / ATTEMPTS
        for n in range(ATTEMPTS):
            self.hour.at(n * spacing, lambda now, n=n: self.guess(n))

    def guess(self, n) -> None:
        address, username = self.addresses[n % len(self.addresses)], self.usernames[n % len(self.usernames)]
        Client(REMOTE_ADDR=address).post(reverse("login"), {"username": username, "password": f"guess {n}"})


@pytest.fixture
def checked(monkeypatch):
    """The attacker's passwords actually checked, as (username, address): each guess that got
    past throttling to the password check."""
    seen = []
    check = ModelBackend.authenticate

    def counting(backend, request, username=None, password=None, **kwargs):
        if password and password.startswith("guess "):
            seen.append((username, request.META["REMOTE_ADDR"]))
        return check(backend, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    return seen


@pytest.fixture
def hour():
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        yield Hour(clock, start)


@pytest.fixture
def victim(small):
    user = small.users["manager"]  # a business manager: uses two-factor authentication
    user.set_password(PASSWORD)
    user.save()
    return user, authenticator(user)


@pytest.fixture
def colleague(small):
    user = small.users["scrutiny"]  # no two-factor
    user.set_password(COLLEAGUE_PASSWORD)
    user.save()
    return user


def test_an_attacker_at_one_address_keeps_nobody_with_two_factor_out_and_gets_few_guesses(
    hour, victim, colleague, checked, security_figure
):
    user, device = victim
    at_home = Person(hour, user, PASSWORD, HOME, device)
    behind_the_nat = Person(hour, user, PASSWORD, NAT, device)
    colleague_there = Person(hour, colleague, COLLEAGUE_PASSWORD, NAT)
    for person, offset in ((at_home, 180), (behind_the_nat, 240), (colleague_there, 300)):
        person.every_six_minutes(offset)
    usernames = [user.username if n % 2 == 0 else f"guess-{n}" for n in range(ATTEMPTS)]
    Attacker(hour, [NAT], usernames).start()

    hour.run()

    most = settings.SIGN_IN_ADDRESS_FREE_FAILURES + 6 + HOUR // settings.SIGN_IN_MAX_WAIT_SECONDS
    for_the_victim = sum(1 for username, _ in checked if username == user.username)
    assert at_home.signed_in == SIGN_INS
    assert behind_the_nat.signed_in == SIGN_INS
    assert len(checked) <= most
    assert for_the_victim <= settings.AXES_FAILURE_LIMIT * (HOUR // settings.AXES_COOLOFF_TIME.seconds + 1)
    security_figure(
        f"attacker at 1 address, {ATTEMPTS:,} wrong passwords in an hour (half for the victim): victim at another "
        f"address signed in {at_home.signed_in} of {SIGN_INS} times; victim at the attacker's address with "
        f"two-factor {behind_the_nat.signed_in} of {SIGN_INS}; colleague there without two-factor, trying up to "
        f"{TRIES} times as told, {colleague_there.signed_in} of {SIGN_INS}; attacker's passwords checked: "
        f"{len(checked)} in the hour (at most {most}), {for_the_victim} of them the victim's"
    )


def test_an_attacker_at_many_addresses_does_not_keep_the_victim_out_and_is_slowed_down(
    hour, victim, checked, security_figure
):
    user, device = victim
    at_home = Person(hour, user, PASSWORD, HOME, device)
    at_home.every_six_minutes(180)
    addresses = [f"198.51.{n // 250}.{n % 250 + 1}" for n in range(200)]
    Attacker(hour, addresses, [user.username]).start()

    hour.run()

    free = settings.SIGN_IN_USERNAME_FREE_FAILURES
    most = free + 6 + HOUR // settings.SIGN_IN_MAX_WAIT_SECONDS
    assert at_home.signed_in == SIGN_INS
    assert len(checked) <= most
    security_figure(
        f"attacker at {len(addresses)} addresses, {ATTEMPTS:,} wrong passwords for the victim in an hour: victim "
        f"signed in {at_home.signed_in} of {SIGN_INS} times; attacker's passwords checked: {len(checked)} "
        f"(at most {most})"
    )
