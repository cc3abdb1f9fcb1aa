"""The business manager's pages for the people and vocabulary of their partnership: agencies,
officers, forums, glossary terms, and the users who are members and their roles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from actionplans.models import GlossaryTerm
from core.forms import form_page, posted, save_model_form

from . import members
from .access import Need, get_for, require_manager
from .manage_forms import (
    AgencyForm,
    ForumForm,
    GlossaryTermForm,
    InvitationForm,
    MembershipChangeForm,
    OfficerForm,
)
from .members import LOGIN_MANAGED_ELSEWHERE, InvitationUnusable, log_membership
from .models import Agency, Forum, Invitation, Membership, Officer


def _listed(request, model, membership):
    return model.objects.visible_to(request.user).filter(partnership=membership.partnership)


# Agencies


@login_required
@require_safe
def agency_list(request):
    membership = require_manager(request)
    agencies = _listed(request, Agency, membership).select_related("lead_officer").order_by("name")
    return render(request, "manage/agency_list.html", {"agencies": agencies})


@login_required
def agency_create(request):
    membership = require_manager(request)
    form = AgencyForm(posted(request), partnership=membership.partnership)
    back = reverse("manage:agency_list")
    return form_page(
        request,
        form,
        title="Add an agency",
        save=save_model_form,
        success_message="The agency has been added.",
        success_url=back,
        back_url=back,
    )


@login_required
def agency_edit(request, pk):
    require_manager(request)
    agency = get_for(request.user, Agency.objects.select_related("partnership"), Need.EDIT, pk=pk)
    form = AgencyForm(posted(request), instance=agency, partnership=agency.partnership)
    back = reverse("manage:agency_list")
    return form_page(
        request,
        form,
        title="Change the agency",
        save=save_model_form,
        success_message="The agency has been saved.",
        success_url=back,
        back_url=back,
        context={"caption": agency.name},
    )


# Officers


@login_required
@require_safe
def officer_list(request):
    membership = require_manager(request)
    officers = _listed(request, Officer, membership).select_related("agency", "user").order_by("name", "job_title")
    return render(request, "manage/officer_list.html", {"officers": officers})


@login_required
def officer_create(request):
    membership = require_manager(request)
    form = OfficerForm(posted(request), partnership=membership.partnership)
    back = reverse("manage:officer_list")
    return form_page(
        request,
        form,
        title="Add an officer or role",
        save=save_model_form,
        success_message="The officer has been added.",
        success_url=back,
        back_url=back,
    )


@login_required
def officer_edit(request, pk):
    require_manager(request)
    officer = get_for(request.user, Officer.objects.select_related("partnership"), Need.EDIT, pk=pk)
    form = OfficerForm(posted(request), instance=officer, partnership=officer.partnership)
    back = reverse("manage:officer_list")
    return form_page(
        request,
        form,
        title="Change the officer",
        save=save_model_form,
        success_message="The officer has been saved.",
        success_url=back,
        back_url=back,
        context={"caption": str(officer)},
    )


# Forums


@login_required
@require_safe
def forum_list(request):
    membership = require_manager(request)
    forums = _listed(request, Forum, membership).order_by("name")
    return render(request, "manage/forum_list.html", {"forums": forums})


@login_required
def forum_create(request):
    membership = require_manager(request)
    form = ForumForm(posted(request), partnership=membership.partnership)
    back = reverse("manage:forum_list")
    return form_page(
        request,
        form,
        title="Add a forum",
        save=save_model_form,
        success_message="The forum has been added.",
        success_url=back,
        back_url=back,
    )


@login_required
def forum_edit(request, pk):
    require_manager(request)
    forum = get_for(request.user, Forum.objects.select_related("partnership"), Need.EDIT, pk=pk)
    form = ForumForm(posted(request), instance=forum, partnership=forum.partnership)
    back = reverse("manage:forum_list")
    return form_page(
        request,
        form,
        title="Change the forum",
        save=save_model_form,
        success_message="The forum has been saved.",
        success_url=back,
        back_url=back,
        context={"caption": forum.name},
    )


# Glossary


@login_required
@require_safe
def glossary_list(request):
    membership = require_manager(request)
    terms = _listed(request, GlossaryTerm, membership).order_by("abbreviation")
    return render(request, "manage/glossary_list.html", {"terms": terms})


@login_required
def glossary_create(request):
    membership = require_manager(request)
    form = GlossaryTermForm(posted(request), partnership=membership.partnership)
    back = reverse("manage:glossary_list")
    return form_page(
        request,
        form,
        title="Add an abbreviation to the glossary",
        save=save_model_form,
        success_message="The abbreviation has been added to the glossary.",
        success_url=back,
        back_url=back,
    )


@login_required
def glossary_edit(request, pk):
    require_manager(request)
    term = get_for(request.user, GlossaryTerm.objects.select_related("partnership"), Need.EDIT, pk=pk)
    form = GlossaryTermForm(posted(request), instance=term, partnership=term.partnership)
    back = reverse("manage:glossary_list")
    return form_page(
        request,
        form,
        title="Change the abbreviation",
        save=save_model_form,
        success_message="The abbreviation has been saved.",
        success_url=back,
        back_url=back,
        context={"caption": term.abbreviation},
    )


@login_required
@require_POST
def glossary_delete(request, pk):
    require_manager(request)
    term = get_for(request.user, GlossaryTerm.objects.all(), Need.EDIT, pk=pk)
    term.delete()
    messages.success(request, "The abbreviation has been removed from the glossary.")
    return redirect("manage:glossary_list")


# Members: users and their roles, and invitations to join


def _name_of(user) -> str:
    return user.get_full_name() or user.username


@login_required
@require_safe
def member_list(request):
    membership = require_manager(request)
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
def member_create(request):
    membership = require_manager(request)
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
def member_edit(request, pk):
    require_manager(request)
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
        success_message=f"{_name_of(member.user)}'s role has been saved.",
        success_url=back,
        back_url=back,
        context={
            "caption": f"{_name_of(member.user)} ({member.user.username})",
            "intro": ""
            if member.login_managed_here
            else f"You can change this person's role here. Their login {LOGIN_MANAGED_ELSEWHERE}",
        },
    )


@login_required
@require_POST
def member_remove(request, pk):
    require_manager(request)
    member = get_for(request.user, Membership.objects.select_related("user"), Need.EDIT, pk=pk)
    if member.user_id == request.user.pk:
        messages.error(
            request, "You cannot remove yourself from the partnership. Ask another business manager to do it."
        )
        return redirect("manage:member_list")
    name = _name_of(member.user)
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
