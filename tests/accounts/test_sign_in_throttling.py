"""Guessing passwords is slowed per username at an address, per address and per username, without
keeping a known person out: a paused username at one address does not pause it elsewhere, an
address is slowed rather than locked, and a password with an authenticator code is never held
back. A forwarded address is believed only behind a configured proxy."""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSPHRASE
from tests.two_factor import authenticator, code_for

pytestmark = [pytest.mark.django_db, pytest.mark.security("sign-in throttling")]

FACTORY_PASSWORD = "correct horse battery staple"
LIMIT = 10
ADDRESS_FREE = 5
COOLOFF = 15 * 60
HOME, NAT, ELSEWHERE = "192.0.2.10", "203.0.113.7", "198.51.100.99"


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def sign_in(username: str, password: str, address: str = NAT, client=None, **headers):
    client = client or Client(REMOTE_ADDR=address, **headers)
    return client.post(reverse("login"), {"username": username, "password": password})


def sign_in_with_code(username: str, password: str, code: str, address: str = NAT, client=None):
    client = client or Client(REMOTE_ADDR=address)
    return client.post(reverse("sign_in_with_code"), {"username": username, "password": password, "code": code})


def refused_until_told_to_wait(clock, username_of, address=NAT, times=1) -> list[int]:
    """Send wrong passwords from `address`, waiting each time as told, until `times` have been
    refused (the refusal that pauses the pair is answered with the whole pause); returns the
    waits the address was told."""
    waits, refused = [], 0
    while refused < times:
        response = sign_in(username_of(refused), "wrong", address=address)
        if response.status_code == 429 and response["Retry-After"] != str(COOLOFF):
            waits.append(int(response["Retry-After"]))
            clock.shift(timedelta(seconds=waits[-1]))
        else:
            refused += 1
    return waits


def pair_paused(clock, person, address=NAT):
    refused_until_told_to_wait(clock, lambda _: person.username, address=address, times=LIMIT)


def without_echoes(response) -> str:
    """The page without the values of its fields (the CSRF token, and what was typed)."""
    return re.sub(r'value="[^"]*"', "", response.content.decode())


def is_through(client) -> bool:
    return client.get(reverse("start")).status_code == 200


# A username at one address


def test_ten_wrong_passwords_for_one_username_at_one_address_pause_that_pair_for_15_minutes(person, clock):
    pair_paused(clock, person)
    clock.shift(timedelta(minutes=2))  # past the address's own wait

    paused = sign_in(person.username, PASSPHRASE)

    assert paused.status_code == 429
    assert paused["Retry-After"] == str(15 * 60)
    assert "Wait 15 minutes before trying again" in paused.content.decode()
    assert sign_in(person.username, PASSPHRASE, address=HOME).status_code == 302
    clock.shift(timedelta(minutes=16))
    assert sign_in(person.username, PASSPHRASE).status_code == 302


def test_a_paused_pair_answers_a_right_and_a_wrong_password_the_same(person, clock):
    pair_paused(clock, person)
    clock.shift(timedelta(minutes=2))
    right = sign_in(person.username, PASSPHRASE)
    clock.shift(timedelta(minutes=2))
    wrong = sign_in(person.username, "another wrong guess")

    assert right.status_code == wrong.status_code == 429
    assert without_echoes(right) == without_echoes(wrong)


def test_a_correct_sign_in_clears_the_pairs_count(person, clock):
    refused_until_told_to_wait(clock, lambda _: person.username, times=LIMIT - 1)
    clock.shift(timedelta(minutes=2))

    assert sign_in(person.username, PASSPHRASE).status_code == 302
    assert not AccessAttempt.objects.filter(username=person.username).exists()  # counting starts again


# An address, whatever the usernames


def test_wrong_passwords_from_one_address_space_its_attempts_out_doubling_to_a_minute_without_locking_it(
    person, clock, security_figure
):
    waits = refused_until_told_to_wait(clock, lambda n: f"guess{n}", times=ADDRESS_FREE + 10)

    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    told = sign_in(person.username, PASSPHRASE)
    assert told.status_code == 429
    clock.shift(timedelta(seconds=int(told["Retry-After"])))
    assert sign_in(person.username, PASSPHRASE).status_code == 302
    security_figure(
        f"{ADDRESS_FREE + 10} wrong passwords for random usernames from one address: "
        f"waits of {', '.join(map(str, waits))} s, then the right password signs in"
    )


def test_the_wait_is_told_with_the_username_kept_and_the_password_not_checked(person, clock):
    refused_until_told_to_wait(clock, lambda n: f"guess{n}", times=ADDRESS_FREE + 2)
    attempts = AccessAttempt.objects.count()

    response = sign_in(person.username, PASSPHRASE)

    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "2"
    assert "Wait 2 seconds before trying again" in page
    assert f'value="{person.username}"' in page
    assert PASSPHRASE not in page
    assert reverse("sign_in_with_code") in page
    assert AccessAttempt.objects.count() == attempts
    wrong = sign_in(person.username, "wrong")
    assert without_echoes(wrong) == without_echoes(response)


def test_an_address_is_forgotten_15_minutes_after_its_last_refused_sign_in(person, clock):
    refused_until_told_to_wait(clock, lambda n: f"guess{n}", times=ADDRESS_FREE + 3)
    clock.shift(timedelta(minutes=14))
    refused_until_told_to_wait(clock, lambda n: f"again{n}", times=1)
    clock.shift(timedelta(minutes=14))
    assert sign_in("one more", "wrong").status_code == 200  # takes its turn
    assert sign_in("and another", "wrong").status_code == 429  # 28 minutes on: counted from the last refusal

    clock.shift(timedelta(minutes=16))

    assert [sign_in(f"fresh{n}", "wrong").status_code for n in range(ADDRESS_FREE)] == [200] * ADDRESS_FREE


def test_the_admin_sign_in_page_is_slowed_down_as_the_sign_in_page_is(person, clock):
    refused_until_told_to_wait(clock, lambda n: f"guess{n}", times=ADDRESS_FREE + 1)

    response = Client(REMOTE_ADDR=NAT).post(reverse("admin:login"), {"username": "admin", "password": "guess"})

    assert "Wait 1 second before trying again" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="admin").exists()


# A username, whatever the addresses


def test_wrong_passwords_from_many_addresses_slow_a_username_down_except_from_where_it_signed_in_before(
    person, clock, settings
):
    settings.SIGN_IN_USERNAME_FREE_FAILURES = 20
    assert sign_in(person.username, PASSPHRASE, address=HOME).status_code == 302
    for n in range(20):
        assert sign_in(person.username, "wrong", address=f"198.51.100.{n}").status_code == 200

    assert sign_in(person.username, "wrong", address="198.51.100.100").status_code == 200  # takes the turn
    assert sign_in(person.username, "wrong", address="198.51.100.101").status_code == 429
    assert sign_in(person.username, PASSPHRASE, address=HOME).status_code == 302


# A password with an authenticator code


def test_a_right_password_with_a_right_code_signs_in_while_the_pair_and_the_address_are_paused(
    person, clock, security_figure
):
    device = authenticator(person)
    pair_paused(clock, person)
    refused_until_told_to_wait(clock, lambda n: f"guess{n}", times=10)
    assert sign_in(person.username, PASSPHRASE).status_code == 429

    browser = Client(REMOTE_ADDR=NAT)
    response = sign_in_with_code(person.username, PASSPHRASE, code_for(device), client=browser)

    assert response.status_code == 302
    assert is_through(browser)
    security_figure("a right password with a right code signs in while its username and address are paused")


def test_signing_in_with_a_code_answers_every_wrong_combination_the_same(person, small, clock):
    device = authenticator(person)
    wrong_code = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    attempts = {
        "right password, wrong code": (person.username, PASSPHRASE, wrong_code),
        "wrong password, right code": (person.username, "wrong", code_for(device)),
        "wrong password, wrong code": (person.username, "wrong", wrong_code),
        "no such username": ("nobody", PASSPHRASE, wrong_code),
        "no authenticator, right password": (small.users["scrutiny"].username, FACTORY_PASSWORD, "123456"),
    }

    answers = {}
    for label, (username, password, code) in attempts.items():
        clock.shift(timedelta(minutes=5))  # past any wait from a wrong code
        answers[label] = sign_in_with_code(username, password, code)

    assert {answer.status_code for answer in answers.values()} == {400}
    assert len({without_echoes(answer) for answer in answers.values()}) == 1
    assert "The username, password or code is not right" in answers["no such username"].content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the wrong code after the right password only


def test_a_wrong_code_after_the_right_password_makes_the_next_try_wait_as_on_the_code_page(person, clock):
    device = authenticator(person)
    wrong_code = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    sign_in_with_code(person.username, PASSPHRASE, wrong_code)

    assert sign_in_with_code(person.username, PASSPHRASE, code_for(device)).status_code == 400
    clock.shift(timedelta(seconds=1))
    assert sign_in_with_code(person.username, PASSPHRASE, code_for(device)).status_code == 302


# Where the address comes from


def test_a_forwarded_address_is_ignored_unless_a_proxy_is_configured(person, clock):
    refused = 0
    while refused < LIMIT:
        response = sign_in(person.username, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{refused}")
        if response.status_code == 429 and response["Retry-After"] != str(COOLOFF):
            clock.shift(timedelta(seconds=int(response["Retry-After"])))
        else:
            refused += 1

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {NAT}
    clock.shift(timedelta(minutes=2))
    assert sign_in(person.username, PASSPHRASE, HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
