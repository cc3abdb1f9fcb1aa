"""The pages of signing in with an organisation's own account: the work address, and the
return from the organisation's sign-in."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from core.forms import posted

from .forms import SingleSignOnForm
from .single_sign_on import (
    ProviderUnavailable,
    sign_in_finish,
    sign_in_origins,
    sign_in_redirect_url,
    unavailable,
)
from .two_factor_views import safe_next_url


def single_sign_on(request):
    """The person's work address; then off to their organisation's sign-in."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SingleSignOnForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            return redirect(
                sign_in_redirect_url(
                    request,
                    provider=form.cleaned_data["single_sign_on"],
                    email=form.cleaned_data["email"],
                    next_url=safe_next_url(request),
                )
            )
        except ProviderUnavailable:
            return _refused(request, unavailable())
    context = {"form": form, "next": safe_next_url(request)}
    response = render(request, "registration/single_sign_on.html", context, status=400 if form.errors else 200)
    response._csp_update = {"form-action": sign_in_origins()}
    return response


@require_safe
def single_sign_on_callback(request):
    """Back from the organisation's sign-in: signed in, or told plainly why not."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    refusal, next_url = sign_in_finish(request)
    if refusal is not None:
        return _refused(request, refusal)
    return redirect(next_url)


def _refused(request, refusal):
    response = render(request, "registration/single_sign_on_refused.html", {"refusal": refusal}, status=refusal.status)
    if refusal.status == 503:
        response["Retry-After"] = "120"
    return response
