"""A signed-in person's own account: changing their password."""

from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse_lazy

from assure.security_log import security_event

from .forms import ChangePasswordForm
from .sessions import end_every_session, remember_session


class ChangePasswordView(PasswordChangeView):
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
