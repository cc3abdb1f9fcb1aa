"""What every form page in the application does the same way."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render

from .editing import EditConflict
from .models import FormSubmission
from .text import refuse_control_characters, refuse_control_characters_in_text

ALREADY_SAVED = "This was already saved. It has not been saved twice."


def posted(request):
    """The submitted fields, or None for a GET: an empty POST is still a submission, and is
    answered with the form's errors rather than a blank form."""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None


class SubmittedOnce:
    """For a form that creates something: a hidden one-off token, so that posting the same
    filling-in again (a double click, or back and submit again) saves it only once. A re-shown
    form keeps the token it was posted with."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64, initial=lambda: secrets.token_urlsafe(16)
        )


class AlreadySaved(Exception):
    def __init__(self, result_url: str):
        super().__init__(result_url)
        self.result_url = result_url


# What secrets.token_urlsafe makes; anything else was not sent by a page of ours.
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _token(form) -> str:
    """The form's single-use token as posted; none when it is missing or forged (a token is read
    before the form is validated, and PostgreSQL refuses text with a NUL in a query)."""
    token = form.data.get("submission", "") if "submission" in form.fields else ""
    return token if isinstance(token, str) and TOKEN.fullmatch(token) else ""


def saved_before(request, form) -> str | None:
    """Where the first save of this filling-in of `form` led, if the user saved it before; checked
    before validating, since a form saved once can fail its own checks the second time (a name
    that is now taken)."""
    token = _token(form)
    if request.method != "POST" or not token:
        return None
    return FormSubmission.objects.filter(token=token, user=request.user).values_list("result_url", flat=True).first()


def claim_submission(request, form) -> FormSubmission | None:
    """Claim the token `form` was posted with, inside the transaction that saves it, so that a
    failed save frees it again. None when there is no token (a page from before tokens).

    Raises AlreadySaved when the token was claimed before. When two posts of it arrive at once,
    the database's unique index makes the second wait for the first to commit, then refuses it.
    """
    token = _token(form)
    if not token:
        return None
    FormSubmission.objects.forget_old()
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user=request.user)
    except IntegrityError:
        first = FormSubmission.objects.filter(token=token, user=request.user).first()
        raise AlreadySaved(first.result_url if first else "") from None


def save_once(request, form, save: Callable[[object], object], result_url: str | Callable[[object], str]):
    """Call `save(form)` in one transaction with the form's token claimed; return what it saved and
    the URL of the result. Raises AlreadySaved when this filling-in of the form was saved before."""
    with transaction.atomic():
        submission = claim_submission(request, form)
        saved = save(form)
        url = result_url(saved) if callable(result_url) else result_url
        if submission:
            submission.record_result(url)
    return saved, url


def already_saved(request, result_url: str, fallback: str):
    """Send the user to what the first post of the form saved, saying so."""
    messages.info(request, ALREADY_SAVED)
    return redirect(result_url or fallback)


def gds_form_helper(*fields, submit: str = "Save") -> FormHelper:
    """A crispy-forms-gds helper laying out `fields` with one submit button; the page template
    supplies the <form> tag and the CSRF token. Hidden fields left out of `fields` (a form's
    submission token) are rendered too."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.render_hidden_fields = True
    # GOV.UK Frontend's button ignores a second click within a second, when JavaScript runs; the
    # submission token is what guarantees one save.
    helper.layout = Layout(
        *fields, Submit("submit", submit, data_module="govuk-button", data_prevent_double_click="true")
    )
    return helper


def text_field(label: str, *, max_length: int, rows: int | None = None, **kwargs) -> forms.CharField:
    """What people type in their own words: one line, or a box of `rows` lines that keeps its line
    breaks. Either refuses control characters."""
    if rows:
        kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
    refuse = refuse_control_characters_in_text if rows else refuse_control_characters
    return forms.CharField(label=label, max_length=max_length, validators=[refuse], **kwargs)


def save_model_form(form):
    """Save a ModelForm's instance after validating the whole model, including the fields the
    form does not show (its partnership, say)."""
    form.instance.full_clean()
    return form.save()


def form_page(
    request,
    form,
    *,
    title: str,
    save: Callable[[object], object],
    success_message: str,
    success_url: str | Callable[[object], str],
    back_url: str,
    template: str = "manage/form.html",
    context: dict | None = None,
):
    """Show `form`; on a valid POST call `save(form)` in one transaction and redirect.

    A form that is SubmittedOnce and posted again is not saved again: the user is sent to where
    the first save led.

    A failed save re-shows everything the user typed, with a GOV.UK error summary. When someone
    else saved the same record first, the user's input is kept and the page lists what the other
    person changed; saving again then replaces their change knowingly.
    """
    conflict = None
    if (earlier := saved_before(request, form)) is not None:
        return already_saved(request, earlier, back_url)
    if request.method == "POST" and form.is_valid():
        try:
            _saved, url = save_once(request, form, save, success_url)
        except AlreadySaved as error:
            return already_saved(request, error.result_url, back_url)
        except ValidationError as error:
            if hasattr(error, "error_dict"):  # the domain names the field at fault
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        except IntegrityError:
            # A unique check passed in the form but another save got there first.
            form.add_error(
                None,
                "This could not be saved because something with the same name or reference was saved "
                "at the same moment. Check the details and save again.",
            )
        except EditConflict as error:
            conflict = error
            form.data = form.data.copy()
            form.data["version"] = error.current.version
            form.add_error(
                None,
                "Someone else changed this while you were editing it. Your changes have not been "
                "saved. Check what they changed below, then save again to keep your version.",
            )
        else:
            messages.success(request, success_message)
            return redirect(url)
    page = {
        "form": form,
        "title": title,
        "back_url": back_url,
        "conflict": conflict,
        **(context or {}),
    }
    return render(request, template, page, status=400 if form.is_bound and form.errors else 200)
