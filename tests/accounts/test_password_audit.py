"""Every password change is in the audit history, with whose password, who changed it and when, and
never the password's hash: on the account page, by a reset link, and by an operator in the admin."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse

from accounts.audit import PASSWORD_NOT_RECORDED
from tests.accounts.test_password_reset import choose_password, emailed_link
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security("password changes audited")]

CURRENT = "a long passphrase of several words"
NEW = "seven purple otters queue for lukewarm tea"


@pytest.fixture
def person(small):
    cache.clear()  # the reset links' per-address allowance
    user = small.users["lead_dbc"]
    user.set_password(CURRENT)
    user.save()
    return user


def password_entries(user):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_pk=str(user.pk),
        action=LogEntry.Action.UPDATE,
        changes__has_key="password",
    ).order_by("pk")


def changed_by(user, change) -> LogEntry:
    """The single audit entry `change` adds for `user`'s password, checked to hold no hash."""
    before_hash = type(user).objects.get(pk=user.pk).password
    seen = set(password_entries(user).values_list("pk", flat=True))

    change()

    after_hash = type(user).objects.get(pk=user.pk).password
    assert after_hash != before_hash
    (entry,) = password_entries(user).exclude(pk__in=seen)
    assert entry.changes["password"] == [PASSWORD_NOT_RECORDED, PASSWORD_NOT_RECORDED]
    everything = repr(list(LogEntry.objects.values_list()))
    for part in (*before_hash.split("$")[1:], *after_hash.split("$")[1:]):
        assert part not in everything, "part of a password hash is in the audit history"
    return entry


def test_changing_ones_password_on_the_account_page_is_audited_as_by_oneself(person, as_user, security_figure):
    client = as_user(person)

    entry = changed_by(
        person,
        lambda: client.post(
            reverse("password_change"), {"old_password": CURRENT, "new_password1": NEW, "new_password2": NEW}
        ),
    )

    assert entry.actor == person
    assert entry.timestamp is not None
    security_figure("account page: audited, by the person, no hash")


def test_a_password_reset_by_the_emailed_link_is_audited_as_by_the_person(person, security_figure):
    link = emailed_link(person)

    entry = changed_by(person, lambda: choose_password(link, NEW))

    assert entry.actor == person
    security_figure("reset link: audited, by the person, no hash")


def test_an_operator_setting_a_password_in_the_admin_is_audited_as_by_the_operator(person, client, security_figure):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    url = reverse("admin:auth_user_password_change", args=[person.pk])

    entry = changed_by(
        person, lambda: client.post(url, {"password1": NEW, "password2": NEW, "usable_password": "true"})
    )

    assert entry.actor == operator
    security_figure("admin: audited, by the operator, no hash")


def test_a_change_to_a_login_that_leaves_the_password_alone_records_no_password_change(person, as_user):
    before = password_entries(person).count()

    person.first_name = "Renamed"
    person.save()

    assert password_entries(person).count() == before
