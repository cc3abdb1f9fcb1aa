"""The operators' pages in the application: the partnerships Assure serves, and creating a new
one with its first business manager in one form."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.forms import form_page, posted

from . import partnerships
from .access import operator_required
from .models import Partnership
from .operator_forms import NewPartnershipForm


@login_required
@require_safe
@operator_required
def partnership_list(request):
    served = Partnership.objects.operated_by(request.user).with_member_counts().select_related("business_manager")
    return render(request, "operator/partnership_list.html", {"partnerships": served})


@login_required
@operator_required
def partnership_create(request):
    form = NewPartnershipForm(posted(request))
    back = reverse("operator:partnership_list")
    message = "The partnership has been created."
    if request.method == "POST" and form.is_valid():
        message = (
            f"{form.cleaned_data['name']} has been created. An invitation to join it as its business manager has "
            f"been sent to {form.cleaned_data['manager_email']}."
        )

    def save(form):
        data = form.cleaned_data
        return partnerships.partnership_create(
            name=data["name"],
            short_name=data["short_name"],
            area=data["area"],
            manager=form.first_manager(),
            created_by=request.user,
            request=request,
        )

    return form_page(
        request,
        form,
        title="Create a partnership",
        save=save,
        success_message=message,
        success_url=back,
        back_url=back,
        context={
            "intro": "Give the partnership's name and its business manager's. We will email the manager a link: "
            "they open it, choose their password and sign in, then set up the partnership and import its plan."
        },
    )
