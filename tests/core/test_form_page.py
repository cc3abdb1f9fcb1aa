"""What every form page does when a save fails."""

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import RequestFactory

from core.editing import EditConflict
from core.forms import form_page, gds_form_helper

pytestmark = pytest.mark.django_db


class NameForm(forms.Form):
    name = forms.CharField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_form_helper("name")


def post(save):
    request = RequestFactory().post("/somewhere/", {"name": "Kath Vasey"})
    request.user, request.session, request.membership = None, SessionStore(), None
    request._messages = FallbackStorage(request)
    return form_page(
        request,
        NameForm(request.POST),
        title="Add",
        save=save,
        success_message="Saved.",
        success_url="/done/",
        back_url="/back/",
        template="manage/form.html",
    )


def refuse(error):
    def save(form):
        raise error

    return save


@pytest.mark.parametrize(
    "error, message",
    [
        (
            ValidationError("The agency must belong to the same partnership."),
            "The agency must belong to the same partnership.",
        ),
        (IntegrityError("duplicate key"), "something with the same name or reference was saved at the same moment"),
    ],
)
def test_a_save_the_database_refuses_is_shown_as_a_form_error_keeping_the_input(error, message):
    response = post(refuse(error))

    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and message in page
    assert 'value="Kath Vasey"' in page
    assert '<ul class="govuk-list govuk-error-summary__list">' in page
    assert "alert-danger" not in page


def test_a_save_that_works_redirects():
    response = post(lambda form: form)

    assert (response.status_code, response.url) == (302, "/done/")


def test_an_edit_conflict_is_not_mistaken_for_success():
    class Current:
        version = 4

    response = post(refuse(EditConflict(Current(), [])))

    assert response.status_code == 400
    assert "Someone else changed this while you were editing it" in response.content.decode()
