"""Holds back anyone who still owes a second factor."""

from django.contrib.auth.views import redirect_to_login

from .two_factor import two_factor_owed

# Reachable before the second factor: signing in and out, giving a code or setting up an app,
# resetting a forgotten password, and the public pages.
OPEN_BEFORE_TWO_FACTOR = {
    "login",
    "sign_in_with_code",
    "logout",
    "two_factor_verify",
    "two_factor_recovery",
    "two_factor_setup",
    "accessibility",
}


class TwoFactorMiddleware:
    """Whoever has set up two-factor authentication gives a code after their password; whoever
    must use it (`needs_two_factor`) and has not sets it up first. Until then, every other page
    sends them there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        view_name = request.resolver_match.view_name
        if view_name in OPEN_BEFORE_TWO_FACTOR or view_name.startswith("password_reset"):
            return None
        owed = two_factor_owed(user)
        if owed is None:
            return None
        return redirect_to_login(request.get_full_path(), owed.value)
