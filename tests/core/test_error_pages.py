"""Pages for a request refused before any view sees it, in the service's own style."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_form_sent_without_its_security_token_gets_a_plain_english_page(small):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(small.users["lead_dbc"])

    response = browser.post(reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]), {})

    page = text_of(response)
    assert response.status_code == 403
    assert "Your form could not be sent" in page and "nothing was saved" in page
    assert "CSRF" not in page and "Forbidden" not in page
    assert 'class="govuk-header' in response.content.decode()


def test_signing_in_from_a_page_without_its_security_token_gets_the_same_page(small):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Your form could not be sent" in text_of(response)
