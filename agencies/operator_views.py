"""The operators' pages in the application: the partnerships Assure serves, creating a new one
with its first business manager in one form, and sending that manager's invitation again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from core.forms import form_page, posted

from . import members, partnerships
from .access import operator_required
from .members import InvitationUnusable
from .models import Invitation, Partnership
from .operator_forms import NewPartnershipForm


@login_required
@require_safe
@operator_required
def partnership_list(request):
    invitations = Invitation.objects.operated_by(request.user).open().order_by("-sent_at")
    served = (
        Partnership.objects.operated_by(request.user)
        .with_member_count()
        .select_related("business_manager")
        .prefetch_related(Prefetch("invitations", queryset=invitations, to_attr="manager_invitations"))
    )
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


@login_required
@require_POST
@operator_required
def invitation_resend(request, pk):
    """A business manager's invitation, emailed again with a new link: the first manager of a new
    partnership has nobody else to ask."""
    invitation = get_object_or_404(Invitation.objects.operated_by(request.user), pk=pk)
    try:
        members.invitation_resend(invitation=invitation, request=request)
    except InvitationUnusable as unusable:
        state = unusable.state.label.lower()
        messages.error(request, f"The invitation to {invitation.email} is {state}: it cannot be sent again.")
    else:
        messages.success(request, f"The invitation has been sent to {invitation.email} again, with a new link.")
    return redirect("operator:partnership_list")
