"""/healthz says the process answers; /readyz that the database, the cache and the file storage
can be reached. Both need no sign-in, answer whatever host or scheme they are asked on, and say
nothing but "ok" or "unavailable"."""

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def failing_check():
    raise ConnectionError("the database server is not answering")


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_probe_is_answered_ok_without_a_sign_in_a_session_or_an_allowed_host(path):
    response = Client(HTTP_HOST="10.0.0.5").get(path)

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "Set-Cookie" not in response
    assert "no-store" in response["Cache-Control"]


def test_a_probe_over_plain_http_is_not_sent_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True

    assert Client().get("/readyz").status_code == 200
    assert Client().get("/sign-in/").status_code == 301


def test_readiness_is_unavailable_while_a_check_fails_and_only_the_log_says_which(settings, caplog):
    settings.READINESS_CHECKS = [*settings.READINESS_CHECKS, "tests.core.test_health.failing_check"]

    with caplog.at_level(logging.WARNING, logger="core.health"):
        response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.content == b"unavailable"
    assert "Not ready: failing_check failed" in caplog.text


def test_the_process_is_alive_while_a_readiness_check_fails(settings):
    settings.READINESS_CHECKS = ["tests.core.test_health.failing_check"]

    assert Client().get("/healthz").status_code == 200
