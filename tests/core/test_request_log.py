"""Every request is one JSON line: its id (the proxy's when it looks like one, echoed in the
response), who asked and in which partnership, the method, the path without its query string,
the status and how long it took."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from core.json_log import JsonFormatter
from core.request_log import REQUEST_ID_HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="assure.requests")

    def lines():
        return [JsonFormatter().format(record) for record in caplog.records if record.name == "assure.requests"]

    return lines


def test_a_signed_in_request_is_logged_with_who_asked_and_their_partnership(as_user, small, request_lines):
    lead = small.users["lead_dbc"]
    response = as_user(lead).get(reverse("actionplans:action_list"), {"q": "private words"})

    [line] = [json.loads(text) for text in request_lines()]
    assert response.status_code == 200
    assert line["request_id"] == response[REQUEST_ID_HEADER]
    assert line["user_id"] == lead.pk
    assert line["partnership_id"] == small.partnership.pk
    assert (line["method"], line["path"], line["status"]) == ("GET", "/actions/", 200)
    assert line["duration_ms"] >= 0
    assert "private words" not in json.dumps(line)


def test_an_anonymous_request_is_logged_with_no_user(request_lines):
    Client().get(reverse("login"))

    [line] = [json.loads(text) for text in request_lines()]
    assert (line["user_id"], line["partnership_id"], line["status"]) == (None, None, 200)


def test_the_proxys_request_id_is_kept_when_it_looks_like_one(request_lines):
    response = Client(HTTP_X_REQUEST_ID="3f2a9c1e-proxy.id_1").get(reverse("login"))

    assert response[REQUEST_ID_HEADER] == "3f2a9c1e-proxy.id_1"
    assert json.loads(request_lines()[0])["request_id"] == "3f2a9c1e-proxy.id_1"


@pytest.mark.parametrize("given", ["short", 'x" injected="1', "a" * 65, "line\nbreak-12345"])
def test_a_request_id_that_does_not_look_like_one_is_replaced(given, request_lines):
    response = Client(HTTP_X_REQUEST_ID=given).get(reverse("login"))

    assert response[REQUEST_ID_HEADER] != given
    assert len(response[REQUEST_ID_HEADER]) == 32


def test_the_token_of_a_password_reset_link_is_not_logged(request_lines):
    Client().get("/reset-password/MQ/c2k1xz-0123456789abcdef0123456789abcdef/")

    assert json.loads(request_lines()[0])["path"] == "/reset-password/[redacted]/[redacted]/"
