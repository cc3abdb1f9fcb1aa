"""A person's own account: changing their password, and resetting a forgotten one by email."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from core.security_log import security_event

from .audit import acting_as
from .forms import ChangePasswordForm, NewPasswordForm, ResetPasswordRequestForm
from .password_reset import RedirectThenSend, reset_email_allowed, reset_link_minutes
from .sessions import end_every_session, remember_session
from .throttling import refused_sign_ins_clear


class ChangePasswordView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("start")

    def form_valid(self, form):
        response = super().form_valid(form)  # saves it, and gives this session a new key
        end_every_session(self.request.user)  # every other device; this session is not recorded yet
        remember_session(self.request, self.request.user)
        security_event("password.changed", self.request, outcome="succeeded")
        messages.success(self.request, "Your password has been changed. You have been signed out everywhere else.")
        return response


class ResetPasswordView(auth_views.PasswordResetView):
    """Emails a single-use link to active people with that address and a password; whoever asks,
    and whatever the address, the answer is the same "check your email" page."""

    form_class = ResetPasswordRequestForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    @property
    def extra_email_context(self):
        # Links use the configured address, never the Host header of whoever asked.
        return {"site_url": settings.SITE_URL, "minutes": reset_link_minutes()}

    def form_valid(self, form):
        allowed = reset_email_allowed(form.cleaned_data["email"])
        if allowed:
            super().form_valid(form)  # finds the people and writes their emails; the form keeps them
        # Neither the address nor whether it is known is logged: the log must not enumerate accounts.
        security_event("password_reset.requested", self.request, outcome="sent" if allowed else "throttled")
        return RedirectThenSend(self.get_success_url(), emails=form.emails)


class ResetPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"
    extra_context = {"minutes": reset_link_minutes}


class ResetPasswordConfirmView(auth_views.PasswordResetConfirmView):
    """Checks the link (once, before it expires) and sets the new password. It does not sign the
    person in: they sign in as usual, with every check that signing in makes."""

    form_class = NewPasswordForm
    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form):
        with acting_as(self.user):  # the person, by the emailed link: no one is signed in
            response = super().form_valid(form)
        end_every_session(self.user)
        # The person has proved they hold the account's email and chosen a new password, so
        # refused sign-ins with the old one no longer count against them (as a correct sign-in).
        refused_sign_ins_clear(self.user.get_username())
        security_event("password_reset.completed", self.request, outcome="succeeded", user=self.user)
        return response


class ResetPasswordCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
