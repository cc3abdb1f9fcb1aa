"""Puts the user's membership of the partnership they are working in on the request."""

from django.utils.functional import SimpleLazyObject

from .current import current_membership


class CurrentMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: current_membership(request))
        return self.get_response(request)
