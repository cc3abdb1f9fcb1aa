"""What every form page in the application does the same way."""

from __future__ import annotations

from collections.abc import Callable

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render

from actionplans.services.editing import EditConflict


def gds_form_helper(*fields, submit: str = "Save") -> FormHelper:
    """A crispy-forms-gds helper laying out `fields` with one submit button; the page template
    supplies the <form> tag and the CSRF token."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


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

    A failed save re-shows everything the user typed, with a GOV.UK error summary. When someone
    else saved the same record first, the user's input is kept and the page lists what the other
    person changed; saving again then replaces their change knowingly.
    """
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = save(form)
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
            return redirect(success_url(saved) if callable(success_url) else success_url)
    page = {
        "form": form,
        "title": title,
        "back_url": back_url,
        "conflict": conflict,
        **(context or {}),
    }
    return render(request, template, page, status=400 if form.is_bound and form.errors else 200)
