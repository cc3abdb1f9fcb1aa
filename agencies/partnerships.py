"""Setting up a new partnership in one step: the partnership, its first business manager as its
officer and contact, and the invitation that makes that person its first member."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from core.security_log import security_event

from . import members
from .models import Invitation, Officer, Partnership
from .roles import Role

_SLUG_LENGTH = Partnership._meta.get_field("slug").max_length


@dataclass(frozen=True)
class FirstManager:
    """The person who will run the new partnership: named in its papers, invited to join it."""

    first_name: str
    last_name: str
    email: str
    job_title: str = ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def slug_for(name: str) -> str:
    """A free slug for a partnership called `name`: its words in lower case joined by hyphens,
    with -2, -3 ... when another partnership has it already."""
    stem = slugify(name)[: _SLUG_LENGTH - 4].strip("-") or "partnership"
    slug, number = stem, 1
    while Partnership.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{stem}-{number}"
    return slug


def _as_manager_errors(error: ValidationError) -> ValidationError:
    """The officer's or invitation's refusal, named by the manager_ fields that gave the values."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({f"manager_{field}": errors for field, errors in error.error_dict.items()})


@transaction.atomic
def partnership_create(*, name: str, short_name: str, area: str, manager: FirstManager, created_by, request=None):
    """Create the partnership `name` (its slug made from the name), `manager` as its business
    manager (an officer of the partnership, its papers' contact), and an invitation for them to
    join as its business manager, emailed once everything is committed; the login that accepts
    it is linked to that officer. Each row is saved on its
    own, so the audit history shows each, by `created_by`. Raises ValidationError, by field, for
    any value the models refuse (the name taken, say); then nothing is created."""
    partnership = Partnership(name=name, short_name=short_name, area=area, slug=slug_for(name))
    partnership.full_clean()
    partnership.save()
    officer = Officer(partnership=partnership, name=manager.name, job_title=manager.job_title, email=manager.email)
    try:
        officer.full_clean()
    except ValidationError as error:
        raise _as_manager_errors(error) from None
    officer.save()
    partnership.business_manager = officer
    partnership.full_clean()
    partnership.save(update_fields=["business_manager"])
    invitation = Invitation(
        partnership=partnership,
        email=manager.email,
        first_name=manager.first_name,
        last_name=manager.last_name,
        role=Role.BUSINESS_MANAGER,
        officer=officer,
    )
    try:
        members.invitation_create(invitation=invitation, invited_by=created_by, request=request)
    except ValidationError as error:
        raise _as_manager_errors(error) from None
    facts = {"partnership": partnership.pk, "invitation": invitation.pk}
    transaction.on_commit(
        lambda: security_event("partnership.created", request, outcome="created", user=created_by, **facts)
    )
    return partnership
