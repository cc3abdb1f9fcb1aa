from .scoping import memberships_of


def membership(request):
    """The current membership and the user's other partnerships, for the header and switcher."""
    if not hasattr(request, "membership"):
        return {}
    return {
        "membership": request.membership,
        "memberships": lambda: list(memberships_of(request.user)),
    }
