"""A forgotten password is reset by an emailed link that works once and expires; the answer is the
same whether or not the address has an account; the new password meets the usual rules and ends
the person's sessions everywhere; one address gets a few emails an hour at most."""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.account_views import ResetPasswordView
from accounts.models import SignedInSession
from tests.factories import PASSPHRASE, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security("password reset")]

NEW_PASSWORD = "seven purple otters queue for lukewarm tea"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()  # the per-address email allowance
    yield
    cache.clear()


def ask_for_link(address: str, browser: Client | None = None):
    return (browser or Client()).post(reverse("password_reset"), {"email": address})


def link_path(message) -> str:
    """The path of the reset link in `message`, which must start with the service's address."""
    (link,) = re.findall(r"https?://\S+", message.body)
    assert link.startswith(settings.SITE_URL + "/")
    return link.removeprefix(settings.SITE_URL)


def emailed_link(person) -> str:
    before = len(mail.outbox)
    ask_for_link(person.email)
    assert len(mail.outbox) == before + 1
    return link_path(mail.outbox[-1])


def choose_password(link: str, password: str, browser: Client | None = None):
    """Open the link and save `password` twice; the answer to saving (or to opening, if refused)."""
    browser = browser or Client()
    opened = browser.get(link)
    if opened.status_code != 302:
        return opened
    return browser.post(opened["Location"], {"new_password1": password, "new_password2": password})


def signs_in(person, password: str, address: str = "192.0.2.10") -> bool:
    response = Client(REMOTE_ADDR=address).post(reverse("login"), {"username": person.username, "password": password})
    return response.status_code == 302


def test_the_sign_in_page_offers_a_reset_link(client):
    page = client.get(reverse("login")).content.decode()

    assert f'href="{reverse("password_reset")}">Forgotten your password?</a>' in page


def test_the_email_names_the_service_and_says_the_link_works_once_for_60_minutes(person):
    response = ask_for_link(person.email.upper())

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == "Reset your Assure password"
    assert message.alternatives == []  # plain text only
    body = " ".join(message.body.split())
    assert "your Assure account" in body
    assert "The link works once, and only for 60 minutes." in body
    assert "If you did not ask to reset your password, ignore this email." in body
    assert link_path(message).startswith("/reset-password/")


def test_the_link_uses_the_services_address_not_the_host_that_asked(person, settings):
    settings.SITE_URL = "https://assure.example.gov.uk"

    Client(HTTP_HOST="localhost").post(reverse("password_reset"), {"email": person.email})

    assert link_path(mail.outbox[0]).startswith("/reset-password/")


def test_the_link_sets_a_new_password_that_signs_in(person):
    response = choose_password(emailed_link(person), NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    assert signs_in(person, NEW_PASSWORD)
    assert not signs_in(person, PASSPHRASE)


def test_the_link_works_once_and_a_second_use_offers_a_new_link(person, security_figure):
    link = emailed_link(person)
    choose_password(link, NEW_PASSWORD)

    second = choose_password(link, "a different passphrase again")

    assert second.status_code == 200
    page = second.content.decode()
    assert "This link does not work" in page
    assert f'href="{reverse("password_reset")}">Ask for a new link</a>' in page
    assert signs_in(person, NEW_PASSWORD)
    security_figure("a link sets 1 password; its 2nd use is refused")


def test_the_link_expires_after_60_minutes(person, security_figure):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        link = emailed_link(person)
        clock.shift(timedelta(minutes=59))
        assert Client().get(link).status_code == 302  # still good
        clock.shift(timedelta(minutes=1, seconds=1))

        expired = choose_password(link, NEW_PASSWORD)

    assert "This link does not work" in expired.content.decode()
    assert signs_in(person, PASSPHRASE)
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    security_figure(f"link expires after {minutes} minutes: works at 59 minutes, refused at 60 minutes 1 second")


def test_a_form_opened_in_time_cannot_be_saved_once_the_link_has_expired(person):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        browser = Client()
        opened = browser.get(emailed_link(person))
        clock.shift(timedelta(minutes=61))

        saved = browser.post(opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert "This link does not work" in saved.content.decode()
    assert signs_in(person, PASSPHRASE)


def test_the_lifetime_comes_from_the_setting(person, settings):
    settings.PASSWORD_RESET_TIMEOUT = 15 * 60

    with time_machine.travel(timezone.now(), tick=False) as clock:
        link = emailed_link(person)
        clock.shift(timedelta(minutes=16))
        expired = Client().get(link)

    assert "only for 15 minutes" in mail.outbox[0].body
    assert "This link does not work" in expired.content.decode()


def test_unknown_inactive_and_passwordless_addresses_get_the_same_answer_and_no_email(person, security_figure):
    closed = UserFactory(username="closed", email="closed@example.org", is_active=False)
    passwordless = UserFactory(username="passwordless", email="passwordless@example.org")
    passwordless.set_unusable_password()
    passwordless.save()
    addresses = [person.email, "nobody@example.org", closed.email, passwordless.email]

    answers = []
    for address in addresses:
        browser = Client()
        response = ask_for_link(address, browser)
        page = browser.get(response["Location"])
        answers.append((response.status_code, response["Location"], sorted(response.cookies), page.content))

    assert answers[1:] == [answers[0]] * 3
    assert [message.to for message in mail.outbox] == [[person.email]]
    security_figure(f"{len(mail.outbox) - 1} emails to 3 unknown, closed or passwordless addresses")


def test_the_check_your_email_page_says_the_same_whatever_the_address(client):
    page = " ".join(client.get(reverse("password_reset_done")).content.decode().split())

    assert "If that email address belongs to an Assure account, we have sent it a link" in page
    assert "The link works once, and only for 60 minutes." in page


def test_the_email_goes_only_after_the_answer_has_been_given(person):
    request = RequestFactory().post(reverse("password_reset"), {"email": person.email})
    request._dont_enforce_csrf_checks = True

    response = ResetPasswordView.as_view()(request)
    assert response.status_code == 302
    assert mail.outbox == []
    response.close()  # what the server does once the answer has gone

    assert len(mail.outbox) == 1


def test_a_blank_or_malformed_address_is_explained(client):
    blank = client.post(reverse("password_reset"), {"email": ""}).content.decode()
    malformed = client.post(reverse("password_reset"), {"email": "not an address"}).content.decode()

    assert "govuk-error-summary" in blank and "Enter your email address" in blank
    assert "Enter an email address in the right format, like name@example.org" in malformed
    assert mail.outbox == []


@pytest.mark.parametrize(
    "password, complaint",
    [
        ("eleven char", "This password is too short. It must contain at least 12 characters."),
        ("1q2w3e4r5t6y", "This password is too common."),
        ("administrator", "This password is too common."),
    ],
)
def test_the_new_password_must_meet_the_rules(person, password, complaint):
    response = choose_password(emailed_link(person), password)

    assert response.status_code == 200
    assert complaint in response.content.decode()
    assert signs_in(person, PASSPHRASE)


def test_a_64_character_passphrase_is_accepted(person, security_figure):
    passphrase = "correct horse battery staple and a quiet walk by the river today"
    assert len(passphrase) == 64

    assert choose_password(emailed_link(person), passphrase).status_code == 302
    assert signs_in(person, passphrase)
    security_figure("64-character passphrase accepted; 11 characters and 2 common passwords refused")


def test_a_reset_ends_the_persons_sessions_on_every_device(person, small):
    laptop, phone, someone_else = Client(), Client(), Client()
    for browser, user in [(laptop, person), (phone, person), (someone_else, small.users["scrutiny"])]:
        user.set_password(PASSPHRASE)
        user.save()
        assert browser.post(reverse("login"), {"username": user.username, "password": PASSPHRASE}).status_code == 302

    choose_password(emailed_link(person), NEW_PASSWORD)

    assert laptop.get(reverse("start")).status_code == 302
    assert phone.get(reverse("start")).status_code == 302
    assert someone_else.get(reverse("start")).status_code == 200
    assert not SignedInSession.objects.filter(user=person).exists()


def test_a_reset_clears_refused_sign_ins_for_the_username(person):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        refused = 0
        while refused < settings.AXES_FAILURE_LIMIT:  # the address's waits are waited out
            response = Client(REMOTE_ADDR="192.0.2.10").post(
                reverse("login"), {"username": person.username, "password": f"wrong {refused}"}
            )
            wait = int(response.get("Retry-After", 0))
            if response.status_code == 429 and wait < 60:
                clock.shift(timedelta(seconds=wait))
            else:
                refused += 1
        clock.shift(timedelta(minutes=2))
        assert not signs_in(person, PASSPHRASE)  # this username is paused at this address

        choose_password(emailed_link(person), NEW_PASSWORD)
        clock.shift(timedelta(minutes=2))  # the address's own wait, which a reset does not clear

        assert not AccessAttempt.objects.filter(username=person.username).exists()
        assert signs_in(person, NEW_PASSWORD)


def test_the_password_appears_in_no_email_and_no_page(person):
    browser = Client()
    pages = [browser.get(reverse("password_reset")), ask_for_link(person.email, browser)]
    opened = browser.get(link_path(mail.outbox[0]))
    form_url = opened["Location"]
    pages += [opened, browser.get(form_url)]
    pages.append(browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "not the same one at all"}))
    pages.append(browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}))
    pages.append(browser.get(pages[-1]["Location"]))

    texts = [mail.outbox[0].subject, mail.outbox[0].body] + [page.content.decode() for page in pages]
    assert "The two new passwords are different" in texts[-3]
    assert [text for text in texts if NEW_PASSWORD in text or PASSPHRASE in text] == []


def test_one_address_gets_at_most_3_emails_an_hour(person, security_figure):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        answers = {ask_for_link(person.email)["Location"] for _request in range(5)}
        sent_in_the_hour = len(mail.outbox)
        ask_for_link("nobody@example.org")
        other = UserFactory(username="other", email="other@example.org")
        ask_for_link(other.email)
        clock.shift(timedelta(minutes=61))
        ask_for_link(person.email)

    assert answers == {reverse("password_reset_done")}  # asking too often looks the same
    assert sent_in_the_hour == settings.PASSWORD_RESET_EMAILS_PER_HOUR == 3
    assert [message.to for message in mail.outbox[3:]] == [[other.email], [person.email]]
    security_figure(f"5 requests in an hour, {sent_in_the_hour} emails sent")


def test_unknown_addresses_count_towards_the_limit_too():
    for _request in range(4):
        ask_for_link("nobody@example.org")
    late = UserFactory(username="late", email="nobody@example.org")

    ask_for_link(late.email)

    assert mail.outbox == []
