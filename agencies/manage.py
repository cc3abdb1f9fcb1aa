"""The business manager's pages for the people of their partnership: agencies, officers,
forums, and the users who are members and their roles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.forms import form_page, posted, save_model_form

from . import members
from .access import Need, get_for, manager_required
from .manage_forms import AgencyForm, ForumForm, InvitationForm, MembershipChangeForm, OfficerForm
from .managed import Managed
from .members import LOGIN_MANAGED_ELSEWHERE, InvitationUnusable, log_membership, name_of
from .models import Agency, Forum, Invitation, Membership, Officer


def _listed(request, model, membership):
    return model.objects.visible_to(request.user).in_partnership(membership.partnership)


# Agencies, officers and forums: the lists, and the add and change pages of each


AGENCIES = Managed.listed("agency", "agencies", Agency, AgencyForm)
OFFICERS = Managed.listed(
    "officer", "officers", Officer, OfficerForm, caption=str, wording={"add": "Add an officer or role"}
)
FORUMS = Managed.listed("forum", "forums", Forum, ForumForm)


@login_required
@require_safe
@manager_required
def agency_list(request, membership):
    agencies = _listed(request, Agency, membership).select_related("lead_officer").order_by("name")
    return render(request, "manage/agency_list.html", {"agencies": agencies})


@login_required
@require_safe
@manager_required
def officer_list(request, membership):
    officers = _listed(request, Officer, membership).select_related("agency", "user").order_by("name", "job_title")
    return render(request, "manage/officer_list.html", {"officers": officers})


@login_required
@require_safe
@manager_required
def forum_list(request, membership):
    forums = _listed(request, Forum, membership).order_by("name")
    return render(request, "manage/forum_list.html", {"forums": forums})


# Members: users and their roles, and invitations to join


@login_required
@require_safe
@manager_required
def member_list(request, membership):
    memberships = (
        _listed(request, Membership, membership)
        .with_login_managed_here()
        .select_related("user", "agency")
        .annotate(has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)))
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    invitations = _listed(request, Invitation, membership).open().select_related("agency").order_by("-sent_at")
    return render(request, "manage/member_list.html", {"members": memberships, "invitations": invitations})


@login_required
@manager_required
def member_create(request, membership):
    form = InvitationForm(posted(request), partnership=membership.partnership, editor=request.user)
    back = reverse("manage:member_list")
    message = "The invitation has been sent."
    if request.method == "POST" and form.is_valid():
        message = f"An invitation has been sent to {form.cleaned_data['email']}."

    return form_page(
        request,
        form,
        title="Invite a person to the partnership",
        save=lambda form: members.invitation_create(invitation=form.instance, invited_by=request.user, request=request),
        success_message=message,
        success_url=back,
        back_url=back,
        context={
            "caption": membership.partnership.name,
            "intro": "We will email them a link. When they open it, they join the partnership with the role you "
            "choose here, with the Assure login they already have or with a new one.",
        },
    )


@login_required
@manager_required
def member_edit(request, _membership, pk):
    memberships = Membership.objects.with_login_managed_here().select_related("user", "partnership")
    member = get_for(request.user, memberships, Need.EDIT, pk=pk)
    form = MembershipChangeForm(posted(request), instance=member, partnership=member.partnership, editor=request.user)
    back = reverse("manage:member_list")

    def save(form):
        member = save_model_form(form)
        log_membership("membership.changed", request, member, "changed")
        return member

    return form_page(
        request,
        form,
        title="Change the person's role",
        save=save,
        success_message=f"{name_of(member.user)}'s role has been saved.",
        success_url=back,
        back_url=back,
        context={
            "caption": f"{name_of(member.user)} ({member.user.username})",
            "intro": ""
            if member.login_managed_here
            else f"You can change this person's role here. Their login {LOGIN_MANAGED_ELSEWHERE}",
        },
    )


@login_required
@require_POST
@manager_required
def member_remove(request, _membership, pk):
    member = get_for(request.user, Membership.objects.select_related("user"), Need.EDIT, pk=pk)
    if member.user_id == request.user.pk:
        messages.error(
            request, "You cannot remove yourself from the partnership. Ask another business manager to do it."
        )
        return redirect("manage:member_list")
    name = name_of(member.user)
    log_membership("membership.removed", request, member, "removed")
    member.delete()  # the membership only: the login stays, with any other partnerships
    messages.success(request, f"{name} has been removed from the partnership.")
    return redirect("manage:member_list")


def _invitation_step(request, pk, step, *, refused: str, done: str):
    """Send again or withdraw an invitation: `step` the service, `refused` what follows "The
    invitation to <address> is <state>:", `done` the message with {email} for the address."""
    # The manager's working papers: anyone else is answered 404, as for an import under way.
    invitation = get_for(request.user, Invitation.objects.all(), Need.EDIT, pk=pk)
    try:
        step(invitation=invitation, request=request)
    except InvitationUnusable as unusable:
        state = unusable.state.label.lower()
        messages.error(request, f"The invitation to {invitation.email} is {state}: {refused}")
    else:
        messages.success(request, done.format(email=invitation.email))
    return redirect("manage:member_list")


@login_required
@require_POST
def invitation_resend(request, pk):
    return _invitation_step(
        request,
        pk,
        members.invitation_resend,
        refused="it cannot be sent again.",
        done="The invitation has been sent to {email} again, with a new link.",
    )


@login_required
@require_POST
def invitation_withdraw(request, pk):
    return _invitation_step(
        request,
        pk,
        members.invitation_withdraw,
        refused="it cannot be withdrawn.",
        done="The invitation to {email} has been withdrawn. Its link no longer works.",
    )
