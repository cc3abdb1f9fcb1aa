"""The business manager's pages about two-factor authentication in their partnership: who must
use it, and resetting a member's (included under /manage/ by assure/manage_urls.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from agencies.access import Need, get_for, manager_required
from agencies.members import LOGIN_MANAGED_ELSEWHERE, name_of
from agencies.models import Membership
from core.forms import form_page, save_model_form
from core.security_log import security_event

from .two_factor import two_factor_reset
from .two_factor_forms import TwoFactorRuleForm


@login_required
@require_POST
@manager_required
def member_two_factor_reset(request, _membership, pk):
    """For someone who lost their phone: they set up two-factor again at their next sign-in."""
    memberships = Membership.objects.with_login_managed_here().select_related("user")
    member = get_for(request.user, memberships, Need.EDIT, pk=pk)
    name = name_of(member.user)
    if member.user_id == request.user.pk:
        messages.error(request, "You cannot reset your own two-factor authentication here. Use your account page.")
    elif not member.login_managed_here:
        security_event("two_factor.reset", request, outcome="refused", warning=True, member=member.user.get_username())
        messages.error(request, f"{name}'s login {LOGIN_MANAGED_ELSEWHERE}")
    elif two_factor_reset(member.user):
        security_event("two_factor.reset", request, outcome="succeeded", member=member.user.get_username())
        messages.success(
            request, f"{name}'s two-factor authentication has been reset. They will set it up again when they sign in."
        )
    else:
        messages.info(request, f"{name} has not set up two-factor authentication: there was nothing to reset.")
    return redirect("manage:member_list")


@login_required
@manager_required
def two_factor_rule(request, membership):
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
