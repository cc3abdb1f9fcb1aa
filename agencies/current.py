"""Which partnership a user is working in: the one they chose, else their first; put on the
request by CurrentMembershipMiddleware."""

from django.utils.functional import SimpleLazyObject

from .models import Membership
from .scoping import memberships_of

SESSION_KEY = "partnership_id"


def current_membership(request) -> Membership | None:
    memberships = list(memberships_of(request.user))
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.partnership_id == chosen:
            return membership
    return memberships[0] if memberships else None


def choose_partnership(request, partnership_id: int) -> Membership | None:
    """Work in another of the user's partnerships; None if they are not a member of it."""
    membership = memberships_of(request.user).filter(partnership_id=partnership_id).first()
    if membership is not None:
        request.session[SESSION_KEY] = membership.partnership_id
    return membership


class CurrentMembershipMiddleware:
    """Puts the user's membership of the partnership they are working in on the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: current_membership(request))
        return self.get_response(request)
