"""Sign-ins: a new session key at sign-in, 30 minutes idle and 12 hours at most, and signing out,
deactivation or a new password ending the person's other sessions."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SignedInSession
from tests.factories import PASSPHRASE, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security("sessions")]


def signed_in(user) -> Client:
    browser = Client()
    response = browser.post(reverse("login"), {"username": user.username, "password": PASSPHRASE})
    assert response.status_code == 302, response.content.decode()[:500]
    return browser


def is_signed_in(browser: Client) -> bool:
    return browser.get(reverse("start")).status_code == 200


def test_signing_in_issues_a_new_session_key(person):
    browser = Client()
    browser.get(reverse("login"))
    browser.session.save()
    before = browser.session.session_key

    browser.post(reverse("login"), {"username": person.username, "password": PASSPHRASE})

    assert browser.session.session_key != before
    assert SignedInSession.objects.filter(user=person, session_key=browser.session.session_key).exists()


def test_a_session_ends_after_30_minutes_without_a_request(person):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        browser = signed_in(person)
        clock.shift(timedelta(minutes=29))
        assert is_signed_in(browser)  # each request renews the 30 minutes
        clock.shift(timedelta(minutes=29))
        assert is_signed_in(browser)
        clock.shift(timedelta(minutes=31))

        assert not is_signed_in(browser)


def test_a_session_ends_12_hours_after_signing_in_however_busy(person):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        browser = signed_in(person)
        for _quarter_hour in range(47):  # 11 h 45 min of steady use
            clock.shift(timedelta(minutes=15))
            assert is_signed_in(browser)
        clock.shift(timedelta(minutes=16))

        response = browser.get(reverse("start"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=browser.session.session_key).exists()


def test_signing_out_ends_the_persons_sessions_on_every_device(person, small):
    laptop, phone = signed_in(person), signed_in(person)
    someone_else = signed_in_other(small)

    laptop.post(reverse("logout"))

    assert not is_signed_in(phone)
    assert is_signed_in(someone_else)
    assert not SignedInSession.objects.filter(user=person).exists()


def signed_in_other(small) -> Client:
    other = small.users["scrutiny"]
    other.set_password(PASSPHRASE)
    other.save()
    return signed_in(other)


def test_deactivating_a_person_ends_their_sessions_at_once(person, small):
    browser = signed_in(person)
    sessions = Session.objects.count()

    person.is_active = False
    person.save()

    assert Session.objects.count() == sessions - 1
    assert not is_signed_in(browser)


def test_a_new_password_ends_other_sessions_but_keeps_the_one_that_changed_it(person, small):
    laptop, phone = signed_in(person), signed_in(person)

    response = laptop.post(
        reverse("password_change"),
        {
            "old_password": PASSPHRASE,
            "new_password1": "another long passphrase here",
            "new_password2": "another long passphrase here",
        },
    )

    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_a_user_with_no_sessions_is_deactivated_without_fuss():
    user = UserFactory()

    user.is_active = False
    user.save()

    assert not SignedInSession.objects.filter(user=user).exists()
