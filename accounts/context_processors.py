"""What every page needs to know about how far the person has signed in."""

from .middleware import OPEN_BEFORE_TWO_FACTOR
from .two_factor import two_factor_owed


def sign_in(request) -> dict:
    """`second_factor_owed`: signed in with a password but still owing a two-factor code (or its
    set-up), so the page shows neither their name nor the service's menu. Only the pages open
    before the second factor can be reached in that state (the middleware sends every other
    page there), so only they ask."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    owed = (
        user is not None
        and user.is_authenticated
        and match is not None
        and (match.view_name in OPEN_BEFORE_TWO_FACTOR or match.view_name.startswith("password_reset"))
        and not user.is_verified()
        and two_factor_owed(user) is not None
    )
    return {"second_factor_owed": owed}
