"""Who joins a partnership, and how: invitations sent by email and accepted through their link,
the only way a login becomes a member in the application; and the security events of changes
to who is a member with which role."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.security_log import security_event
from core.tasks import email_send

from .models import Invitation, Membership, Officer
from .roles import Role


class InvitationUnusable(Exception):
    """The invitation cannot be accepted now: it was accepted, withdrawn, or has expired."""

    def __init__(self, state: Invitation.State):
        super().__init__(state.label)
        self.state = state


def name_of(user) -> str:
    """A person as pages and emails name them: their full name, else their username."""
    return user.get_full_name() or user.get_username()


# What a business manager is told of a login shared with another partnership or an operator.
LOGIN_MANAGED_ELSEWHERE = (
    "is also a member of another partnership, or an operator of Assure, so only Assure's operators can reset "
    "its two-factor authentication or change the login itself. You can still change its role in this "
    "partnership, or remove it from this partnership."
)


def log_membership(name: str, request, member: Membership, outcome: str, *, by=None) -> None:
    """A security event for a change to who may do what, logged once the change is committed;
    `by` names who made it when that is not the request's user (someone joining as they sign up)."""
    facts = {
        "member": member.user.get_username(),
        "partnership": member.partnership_id,
        "role": member.role,
        "agency": member.agency.short_name if member.agency_id else "",
    }
    transaction.on_commit(lambda: security_event(name, request, outcome=outcome, user=by, **facts))


def log_invitation(name: str, request, invitation: Invitation, outcome: str, *, by=None, **facts) -> None:
    """A security event about an invitation, never with its link's token nor its address."""
    facts = {"invitation": invitation.pk, "partnership": invitation.partnership_id, "role": invitation.role, **facts}
    transaction.on_commit(lambda: security_event(name, request, outcome=outcome, user=by, **facts))


def _email_link(invitation: Invitation, token: str) -> None:
    """Email the link, by the task worker, once the invitation is committed. A mail server that
    fails is logged, and the business manager sees the invitation waiting and can send it again."""
    context = {
        "invitation": invitation,
        "inviter": name_of(invitation.invited_by) if invitation.invited_by else "",
        "role": Role(invitation.role).with_article,
        "link": settings.SITE_URL + reverse("agencies:invitation_accept", kwargs={"token": token}),
        "days": settings.INVITATION_DAYS,
    }
    subject = f"You are invited to join {invitation.partnership.short_name} on Assure"
    body = render_to_string("emails/invitation.txt", context)

    transaction.on_commit(
        lambda: email_send.enqueue(
            subject=subject, body=body, to=[invitation.email], about=f"invitation {invitation.pk}"
        ),
        robust=True,
    )


@transaction.atomic
def invitation_create(*, invitation: Invitation, invited_by, request=None) -> Invitation:
    """Save `invitation` (its partnership, address, names, role and agency filled in) from
    `invited_by`, and email its link. Nothing here looks at the logins: whoever holds the
    address accepts with the login they choose."""
    invitation.invited_by = invited_by
    token = invitation.new_link()
    invitation.full_clean()
    invitation.save()
    _email_link(invitation, token)
    log_invitation("invitation.sent", request, invitation, "sent")
    return invitation


def _open_for_change(invitation: Invitation) -> Invitation:
    """The invitation again, locked until the change commits; refused once accepted or withdrawn."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = invitation.state()
    if state in (Invitation.State.ACCEPTED, Invitation.State.WITHDRAWN):
        raise InvitationUnusable(state)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, request=None) -> Invitation:
    """Email a new link, valid for INVITATION_DAYS again; the earlier link stops working."""
    invitation = _open_for_change(invitation)
    token = invitation.new_link()
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    _email_link(invitation, token)
    log_invitation("invitation.resent", request, invitation, "sent")
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, request=None) -> Invitation:
    invitation = _open_for_change(invitation)
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    log_invitation("invitation.withdrawn", request, invitation, "withdrawn")
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user, request=None) -> Membership:
    """Join `user` to the invitation's partnership with its role, and use the invitation up.

    The caller has established that `user` holds the invitation: they opened its emailed link
    (whatever their login's own address), or signed in with a verified address equal to the
    invitation's. Raises InvitationUnusable when it was accepted, withdrawn or has expired, and
    ValidationError when `user` is already a member of the partnership (the invitation is left
    as it was)."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("partnership", "agency").get(pk=invitation.pk)
    )
    state = invitation.state()
    if state is not Invitation.State.WAITING:
        raise InvitationUnusable(state)
    if Membership.objects.filter(user=user, partnership=invitation.partnership).exists():
        raise ValidationError(
            f"You are already a member of {invitation.partnership.name}. Your role there has not changed."
        )
    member = Membership(user=user, partnership=invitation.partnership, role=invitation.role, agency=invitation.agency)
    member.full_clean()
    member.save()
    _link_officer(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_invitation("invitation.accepted", request, invitation, "accepted", by=user, member=user.get_username())
    log_membership("membership.added", request, member, "added", by=user)
    return member


def _link_officer(invitation: Invitation, user) -> None:
    """Link the officer the invitation names (a new partnership's business manager) to the login
    that accepted it, when neither is linked yet: a login is one officer at most."""
    if not invitation.officer_id:
        return
    officer = Officer.objects.select_for_update().get(pk=invitation.officer_id)
    if officer.user_id is None and not Officer.objects.filter(user=user).exists():
        officer.user = user
        officer.full_clean()
        officer.save(update_fields=["user"])


def username_for_address(email: str) -> str:
    """A free username for a login made from an address (usernames allow @ . + - _): the address
    itself, or with -2, -3 ... when another login has it."""
    User = get_user_model()
    stem = email.lower()[: User._meta.get_field("username").max_length - 4]
    username, number = stem, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{stem}-{number}"
    return username


@transaction.atomic
def invitation_accept_with_new_login(*, invitation: Invitation, username: str, password: str | None, request=None):
    """A new login for the invited person (their name and the invited address), joined to the
    partnership. The caller has checked the username is free and the password good enough; with
    no password the login signs in only through the person's organisation (single sign-on)."""
    user = get_user_model().objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    return invitation_accept(invitation=invitation, user=user, request=request)
