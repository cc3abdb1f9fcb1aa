"""The business manager's pages for the people and vocabulary of their partnership: agencies,
officers, forums, glossary terms, and the users who are members and their roles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from actionplans.models import GlossaryTerm
from assure.forms import form_page, posted, save_model_form
from assure.security_log import security_event

from .access import Need, get_for, require_manager
from .manage_forms import (
    AgencyForm,
    ForumForm,
    GlossaryTermForm,
    MemberAddForm,
    MembershipChangeForm,
    OfficerForm,
)
from .models import Agency, Forum, Membership, Officer
from .roles import Role
from .two_factor import two_factor_reset
from .two_factor_forms import TwoFactorRuleForm


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


# Members: users and their roles


def _log_membership(request, name: str, member: Membership, outcome: str) -> None:
    """A security event for a change to who may do what, logged once the change is committed."""
    facts = {
        "member": member.user.get_username(),
        "partnership": member.partnership_id,
        "role": member.role,
        "agency": member.agency.short_name if member.agency_id else "",
    }
    transaction.on_commit(lambda: security_event(name, request, outcome=outcome, **facts))


def _name_of(user) -> str:
    return user.get_full_name() or user.username


def _as_role(role) -> str:
    """'an agency lead', 'a scrutiny member'."""
    label = Role(role).label.lower()
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"


@login_required
@require_safe
def member_list(request):
    membership = require_manager(request)
    members = (
        _listed(request, Membership, membership)
        .select_related("user", "agency")
        .annotate(has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)))
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    return render(request, "manage/member_list.html", {"members": members})


@login_required
def member_create(request):
    membership = require_manager(request)
    form = MemberAddForm(posted(request), partnership=membership.partnership, editor=request.user)
    back = reverse("manage:member_list")
    message = "The person has been added to the partnership."
    if request.method == "POST" and form.is_valid():  # the message says which kind of login was added
        role = _as_role(form.cleaned_data["role"])
        if form.existing_user is not None:
            name = _name_of(form.existing_user)
            message = f"{name} already had a login, and has been added as {role}. Their login is unchanged."
        else:
            name = f"{form.cleaned_data['first_name']} {form.cleaned_data['last_name']}"
            message = f"{name} has been added as {role}. They can sign in as {form.cleaned_data['username']}."

    def save(form):
        form.attach_user()
        member = save_model_form(form)
        _log_membership(request, "membership.added", member, "added")
        return member

    return form_page(
        request,
        form,
        title="Add a person to the partnership",
        save=save,
        success_message=message,
        success_url=back,
        back_url=back,
        context={"caption": membership.partnership.name},
    )


@login_required
def member_edit(request, pk):
    require_manager(request)
    member = get_for(request.user, Membership.objects.select_related("user", "partnership"), Need.EDIT, pk=pk)
    form = MembershipChangeForm(posted(request), instance=member, partnership=member.partnership, editor=request.user)
    back = reverse("manage:member_list")

    def save(form):
        member = save_model_form(form)
        _log_membership(request, "membership.changed", member, "changed")
        return member

    return form_page(
        request,
        form,
        title="Change the person's role",
        save=save,
        success_message=f"{_name_of(member.user)}'s role has been saved.",
        success_url=back,
        back_url=back,
        context={"caption": f"{_name_of(member.user)} ({member.user.username})"},
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
    _log_membership(request, "membership.removed", member, "removed")
    member.delete()  # the membership only: the login stays, with any other partnerships
    messages.success(request, f"{name} has been removed from the partnership.")
    return redirect("manage:member_list")


@login_required
@require_POST
def member_two_factor_reset(request, pk):
    """For someone who lost their phone: they set up two-factor again at their next sign-in."""
    require_manager(request)
    member = get_for(request.user, Membership.objects.select_related("user"), Need.EDIT, pk=pk)
    name = _name_of(member.user)
    if member.user_id == request.user.pk:
        messages.error(request, "You cannot reset your own two-factor authentication here. Use your account page.")
    elif member.user.is_staff:
        messages.error(request, f"{name} is an operator of Assure: only another operator can reset their two-factor.")
    elif two_factor_reset(member.user):
        security_event("two_factor.reset", request, outcome="succeeded", member=member.user.get_username())
        messages.success(
            request, f"{name}'s two-factor authentication has been reset. They will set it up again when they sign in."
        )
    else:
        messages.info(request, f"{name} has not set up two-factor authentication: there was nothing to reset.")
    return redirect("manage:member_list")


# Two-factor authentication


@login_required
def two_factor_rule(request):
    membership = require_manager(request)
    form = TwoFactorRuleForm(request.POST or None, instance=membership.partnership)
    back = reverse("manage:index")
    return form_page(
        request,
        form,
        title="Two-factor authentication",
        save=save_model_form,
        success_message="Saved. Anyone who must now use two-factor authentication will be asked to set it up "
        "when they next open a page.",
        success_url=back,
        back_url=back,
        context={
            "caption": membership.partnership.name,
            "intro": "After their password, people who use two-factor authentication enter a code from an "
            "authenticator app on their phone. Business managers must always use it.",
        },
    )
