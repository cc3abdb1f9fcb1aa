"""The password rules: at least 12 characters, long passphrases welcome, common passwords and ones
like the username refused, no rules about numbers or symbols, no forced expiry; stored only as a
slow salted hash in production."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.forms import ChangePasswordForm
from tests.factories import PASSPHRASE

pytestmark = [pytest.mark.django_db, pytest.mark.security("passwords")]

ROOT = Path(__file__).resolve().parents[2]


def change_password(client, new: str):
    return client.post(
        reverse("password_change"), {"old_password": PASSPHRASE, "new_password1": new, "new_password2": new}
    )


def signs_in(person, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": person.username, "password": password})
    return response.status_code == 302


def test_the_rules_are_djangos_length_common_and_similarity_checks_and_not_the_demo_password():
    validators = {rule["NAME"].rsplit(".", 1)[1]: rule.get("OPTIONS", {}) for rule in settings.AUTH_PASSWORD_VALIDATORS}

    assert validators == {
        "UserAttributeSimilarityValidator": {},
        "MinimumLengthValidator": {"min_length": 12},
        "CommonPasswordValidator": {},
        "NotTheDemoPassword": {},
    }


def test_11_characters_are_refused_and_12_accepted(person, as_user, security_figure):
    client = as_user(person)

    refused = change_password(client, "eleven char")
    accepted = change_password(client, "twelve chars")

    assert refused.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in refused.content.decode()
    assert accepted.status_code == 302
    assert signs_in(person, "twelve chars")
    security_figure(f"minimum 12 characters: {len('eleven char')} refused, {len('twelve chars')} accepted")


def test_a_200_character_passphrase_with_spaces_is_accepted(person, as_user, security_figure):
    passphrase = ("the quiet heron waits by the cold grey river at dawn " * 4)[:200]
    assert len(passphrase) == 200 and " " in passphrase

    response = change_password(as_user(person), passphrase)

    assert response.status_code == 302
    assert signs_in(person, passphrase)
    assert not signs_in(person, passphrase.replace(" ", ""))  # the spaces are part of it
    security_figure("200-character passphrases accepted")


def test_an_all_lowercase_phrase_is_accepted_with_no_composition_rules(person, as_user):
    response = change_password(as_user(person), "lowercase words only")

    assert response.status_code == 302
    assert signs_in(person, "lowercase words only")


def test_a_common_password_is_refused_on_the_page(person, as_user):
    response = change_password(as_user(person), "1q2w3e4r5t6y")

    assert "This password is too common." in response.content.decode()
    assert signs_in(person, PASSPHRASE)


def test_every_common_password_long_enough_to_pass_the_length_rule_is_refused(person, security_figure):
    long_common = sorted(word for word in CommonPasswordValidator().passwords if len(word) >= 12)
    assert len(long_common) > 100

    accepted = [
        word
        for word in long_common
        if ChangePasswordForm(
            person, {"old_password": PASSPHRASE, "new_password1": word, "new_password2": word}
        ).is_valid()
    ]

    assert accepted == []
    security_figure(f"{len(long_common)} common passwords of 12+ characters refused")


def test_a_password_like_the_username_is_refused(person, as_user):
    response = change_password(as_user(person), person.username)

    assert "The password is too similar to the username." in response.content.decode()


def test_a_password_set_5_years_ago_still_signs_in(small):
    person = small.users["scrutiny"]
    with time_machine.travel(timezone.now() - timedelta(days=5 * 365), tick=False):
        person.set_password(PASSPHRASE)
        person.save()

    assert signs_in(person, PASSPHRASE)


def test_passwords_are_stored_as_salted_hashes_never_as_typed(person, small):
    other = small.users["scrutiny"]
    other.set_password(PASSPHRASE)
    other.save()
    person.refresh_from_db()

    assert PASSPHRASE not in person.password
    assert identify_hasher(person.password).algorithm == "md5"  # the test settings' fast hasher
    assert person.password != other.password  # each hash has its own salt
    assert person.check_password(PASSPHRASE)


def test_production_hashes_with_pbkdf2_or_stronger():
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "assure.settings.production",
        "SECRET_KEY": "p" * 30 + "-production-secret-that-is-long-enough",
        "ALLOWED_HOSTS": "assure.example.gov.uk",
        "SITE_URL": "https://assure.example.gov.uk",
        "DATABASE_URL": "postgres://assure@db.internal:5432/assure",
    }
    code = (
        "import django; django.setup(); from django.contrib.auth.hashers import get_hasher; "
        "hasher = get_hasher(); print(hasher.algorithm, getattr(hasher, 'iterations', 0))"
    )
    started = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )

    assert started.returncode == 0, started.stderr
    algorithm, iterations = started.stdout.split()
    assert algorithm in {"pbkdf2_sha256", "argon2", "scrypt"}
    assert algorithm != "pbkdf2_sha256" or int(iterations) >= 600_000  # OWASP's figure for PBKDF2-SHA256
