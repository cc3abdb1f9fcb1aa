"""The page an invitation's emailed link opens: whoever holds the link joins the partnership,
with the login they are signed in with, one they sign in with first, or one they create here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from core.forms import posted
from core.security_log import security_event

from . import members
from .current import choose_partnership
from .invitation_forms import NewLoginForm
from .models import Invitation
from .roles import Role

UNUSABLE = {
    Invitation.State.ACCEPTED: (
        "This invitation has already been used",
        "An invitation link works once. If you used it, sign in with the login you joined with.",
    ),
    Invitation.State.EXPIRED: (
        "This invitation has expired",
        "An invitation link works for a limited time. Ask the business manager who invited you to send it again.",
    ),
    Invitation.State.WITHDRAWN: (
        "This invitation has been withdrawn",
        "The business manager who invited you has withdrawn the invitation. Ask them if you think this is wrong.",
    ),
    None: (
        "This invitation link does not work",
        "Check that you opened or copied the whole link from the email. If it still does not work, ask the "
        "business manager who invited you to send the invitation again.",
    ),
}


def _unusable(request, invitation, state):
    facts = {"invitation": invitation.pk, "partnership": invitation.partnership_id} if invitation else {}
    security_event("invitation.refused", request, outcome=state.value if state else "unknown", warning=True, **facts)
    title, explanation = UNUSABLE[state]
    return render(request, "agencies/invitation_unusable.html", {"title": title, "explanation": explanation})


def _joined(request, member):
    choose_partnership(request, member.partnership_id)
    messages.success(request, f"You have joined {member.partnership.name} as {Role(member.role).with_article}.")
    return redirect("start")


@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token):
    invitation = Invitation.objects.with_token(token).select_related("partnership", "agency", "invited_by").first()
    state = invitation.state() if invitation else None
    if state is not Invitation.State.WAITING:
        return _unusable(request, invitation, state)
    signed_in = request.user.is_authenticated
    form = None if signed_in else NewLoginForm(posted(request), invitation=invitation)
    error = None
    if request.method == "POST" and (signed_in or form.is_valid()):
        try:
            if signed_in:
                member = members.invitation_accept(invitation=invitation, user=request.user, request=request)
                return _joined(request, member)
            members.invitation_accept_with_new_login(
                invitation=invitation,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except members.InvitationUnusable as unusable:  # accepted or withdrawn a moment ago
            return _unusable(request, invitation, unusable.state)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        except IntegrityError:  # the username was taken a moment ago
            form.add_error("username", "This username is taken. Choose another one.")
        else:
            messages.success(
                request,
                f"Your login has been created and you have joined {invitation.partnership.name}. "
                "Sign in with your new username and password.",
            )
            return redirect("login")
    context = {
        "invitation": invitation,
        "role": Role(invitation.role).with_article,
        "form": form,
        "error": error,
        "this_page": request.get_full_path(),
    }
    failed = request.method == "POST" and (error or (form is not None and form.errors))
    return render(request, "agencies/invitation_accept.html", context, status=400 if failed else 200)
