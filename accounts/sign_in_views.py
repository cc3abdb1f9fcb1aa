"""The sign-in page, and its answer while signing in is held back (accounts/throttling.py)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .forms import SignInForm
from .throttling import throttled_username, wait_in_words

TEMPLATE = "registration/login.html"


class SignInView(auth_views.LoginView):
    template_name = TEMPLATE
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        if form.wait:
            return paused(self.request, username=throttled_username(self.request, None), seconds=form.wait)
        return super().form_invalid(form)


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
