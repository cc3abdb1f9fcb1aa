"""Guessing passwords is slowed per username and per address, and an attacker cannot keep a known
person out for long; a forwarded address is believed only behind a configured proxy."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.django_db, pytest.mark.security("sign-in throttling")]

PASSWORD = "a long passphrase of several words"
LIMIT = 10


@pytest.fixture
def person(small):
    user = small.users["lead_dbc"]
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(username: str, password: str, address: str = "203.0.113.7", **headers):
    return Client(REMOTE_ADDR=address, **headers).post(reverse("login"), {"username": username, "password": password})


def test_ten_wrong_passwords_for_one_username_pause_it_even_with_the_right_password(person):
    for attempt in range(LIMIT - 1):
        assert sign_in(person.username, f"wrong {attempt}", address=f"198.51.100.{attempt}").status_code == 200
    assert sign_in(person.username, "the tenth wrong one", address="198.51.100.200").status_code == 429

    locked = sign_in(person.username, PASSWORD, address="192.0.2.99")

    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()


def test_ten_wrong_sign_ins_from_one_address_pause_that_address_for_every_username(person, small):
    for attempt in range(LIMIT):
        sign_in(f"guess{attempt}", "wrong")

    assert sign_in(person.username, PASSWORD).status_code == 429
    assert sign_in(person.username, PASSWORD, address="192.0.2.50").status_code == 302


def test_the_pause_lasts_15_minutes_only(person):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for attempt in range(LIMIT):
            sign_in(person.username, f"wrong {attempt}", address=f"198.51.100.{attempt}")
        clock.shift(timedelta(minutes=14))
        assert sign_in(person.username, PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=2))

        assert sign_in(person.username, PASSWORD).status_code == 302


def test_a_correct_sign_in_clears_the_count(person):
    for attempt in range(LIMIT - 1):
        sign_in(person.username, f"wrong {attempt}")

    assert sign_in(person.username, PASSWORD).status_code == 302
    assert sign_in(person.username, "wrong again").status_code == 200  # counting starts again


def test_a_forwarded_address_is_ignored_unless_a_proxy_is_configured(person):
    for attempt in range(LIMIT):
        sign_in(f"guess{attempt}", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    assert sign_in(person.username, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
