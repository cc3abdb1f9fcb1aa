"""The access checks every view makes: the user's membership, through `member_required` or
`manager_required`, and each object through the scoping rule with `get_for`.

Operators' own pages (creating a partnership) go through `operator_required`, which answers
anyone else 403, as the business manager's pages answer other members.

An object the user may not see is answered 404 (its existence is not revealed); one they may
see but not change is answered 403. Views never look objects up by id any other way.

The decorators go below `login_required` and any method check (`require_safe`, `require_POST`),
so that an anonymous user is asked to sign in and a wrong method is answered 405 before the
membership is looked at. The view is called with the membership after the request.
"""

import enum
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .roles import Role
from .scoping import is_operator


class Need(enum.Enum):
    SEE = "see"
    UPDATE = "update progress on"
    EDIT = "edit"
    ASSURE = "accept or return completions of"


def get_for(user, queryset, need: Need = Need.SEE, **lookup):
    obj = get_object_or_404(queryset.visible_to(user), **lookup)
    if need is Need.UPDATE and not queryset.updatable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(f"You may not {need.value} this.")
    if need is Need.EDIT and not queryset.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(f"You may not {need.value} this.")
    if need is Need.ASSURE and not queryset.assurable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(f"You may not {need.value} this.")
    return obj


def require_member(request):
    """The user's membership of the partnership they are working in, or 403."""
    if not request.membership:
        raise PermissionDenied("You are not a member of any partnership.")
    return request.membership


def require_manager(request):
    """The current membership, which must be a business manager's, or 403."""
    membership = require_member(request)
    if not Role(membership.role).edits_plans:
        raise PermissionDenied("Only the business manager can do this.")
    return membership


def member_required(view):
    """A page of the partnership the user works in, for any of its members."""

    @wraps(view)
    def with_membership(request, *args, **kwargs):
        return view(request, require_member(request), *args, **kwargs)

    return with_membership


def manager_required(view):
    """A page for the business manager of the partnership the user works in."""

    @wraps(view)
    def with_membership(request, *args, **kwargs):
        return view(request, require_manager(request), *args, **kwargs)

    return with_membership


def operator_required(view):
    """A page for Assure's operators (see `scoping.is_operator`), whatever their memberships."""

    @wraps(view)
    def for_operators(request, *args, **kwargs):
        if not is_operator(request.user):
            raise PermissionDenied("Only Assure's operators can do this.")
        return view(request, *args, **kwargs)

    return for_operators
