"""The sign-in page, and its answer while signing in is held back (agencies/throttling.py)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from assure.security_log import security_event

from .forms import SignInForm
from .throttling import sign_in_wait, throttled_username, wait_in_words

TEMPLATE = "registration/login.html"


class SignInView(auth_views.LoginView):
    template_name = TEMPLATE
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = throttled_username(request, None)
        if username and request.POST.get("password"):
            wait = sign_in_wait(request, username)
            if wait:
                security_event("sign_in.refused", request, outcome="waiting", user=username, wait=wait, warning=True)
                return paused(request, username=username, seconds=wait)
        return super().post(request, *args, **kwargs)


def paused(request, *, username: str, seconds: int):
    """429 "wait N seconds" with the form kept, the password unchecked; whatever was typed, the
    answer is the same. It offers signing in with an authenticator code, which is not held back."""
    context = {
        "form": SignInForm(request, initial={"username": username}),
        "next": request.POST.get("next", ""),
        "paused_for": wait_in_words(seconds),
    }
    response = render(request, TEMPLATE, context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def pair_paused(request, original_response, credentials):
    """django-axes' AXES_LOCKOUT_CALLABLE: too many refused sign-ins for this username here. Each
    try during the pause starts it again, so the wait is the whole cool-off."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    return paused(request, username=throttled_username(request, credentials) or "", seconds=seconds)
