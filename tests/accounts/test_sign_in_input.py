"""What anyone may type into the sign-in form is answered without a server error."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.security("form fuzzing")]


def test_a_username_too_long_for_the_attempts_table_is_refused_and_counted_under_its_first_255_characters(client):
    username = "x" * 1_000

    response = client.post(reverse("login"), {"username": username, "password": "a wrong password"})

    assert response.status_code == 200
    assert "The username or password is not right" in response.content.decode()
    assert AccessAttempt.objects.get().username == "x" * 255
