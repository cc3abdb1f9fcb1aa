"""The sign-in, change-password and reset-password forms, in the GOV.UK style and plain
English."""

from functools import partial

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.template import loader

from agencies.models import SingleSignOn, email_domain
from core.forms import gds_form_helper
from core.security_log import security_event
from core.tasks import email_send

from .throttling import sign_in_refused, sign_in_wait, throttled_username, wait_in_words


class Throttled:
    """For a sign-in form (Assure's and the admin site's): while the address or the username must
    wait (accounts/throttling.py), the password is not checked and `wait` says for how long;
    a refused password is counted."""

    wait = 0

    def clean(self):
        username = throttled_username(self.request, None)
        if username and self.cleaned_data.get("password"):
            self.wait = sign_in_wait(self.request, username)
            if self.wait:
                security_event(
                    "sign_in.refused", self.request, outcome="waiting", user=username, wait=self.wait, warning=True
                )
                wait = wait_in_words(self.wait)
                raise ValidationError(
                    f"There have been too many attempts to sign in. Wait {wait} before trying again.", code="wait"
                )
        try:
            return super().clean()
        except ValidationError as refused:
            if refused.code == "invalid_login":
                sign_in_refused(self.request, username)
            raise


class OperatorSignInForm(Throttled, AdminAuthenticationForm):
    """The admin site's sign-in, throttled as Assure's own."""


class SignInForm(Throttled, AuthenticationForm):
    error_messages = {
        "invalid_login": "The username or password is not right. Check them and try again.",
        "inactive": "This account has been closed. Ask your partnership's business manager for help.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = gds_form_helper(
            Field.text("username", field_width=20, autocomplete="username", spellcheck="false"),
            Field.text("password", field_width=20, autocomplete="current-password"),
            submit="Sign in",
        )


class SingleSignOnForm(forms.Form):
    """The work address, to find the organisation's sign-in for its domain; when partnerships
    share that organisation (an NHS trust in two areas), which partnership."""

    email = forms.EmailField(
        label="Work email address",
        help_text="The address at your council, NHS body or other organisation, like name@darlington.gov.uk.",
        max_length=254,
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the right format, like name@darlington.gov.uk",
        },
    )
    provider = forms.TypedChoiceField(
        label="Which partnership do you want to sign in to?",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the partnerships listed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        typed = str(self.data.get("email", "")) if self.is_bound else ""
        self.providers = SingleSignOn.objects.for_email(typed) if "@" in typed else []
        self.fields["provider"].choices = [(p.pk, f"{p.partnership.name} ({p.name})") for p in self.providers]
        fields = [Field.text("email", autocomplete="email", spellcheck="false")]
        if len(self.providers) > 1:
            fields.append(Field.radios("provider", legend_size=Size.MEDIUM))
        self.helper = gds_form_helper(*fields, submit="Continue")

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if not email or "provider" in self.errors:
            return cleaned
        if not self.providers:
            self.add_error(
                "email",
                f"Assure cannot sign in people at {email_domain(email)} with their organisation's account. "
                "Sign in with your username and password instead.",
            )
        elif len(self.providers) == 1:
            cleaned["single_sign_on"] = self.providers[0]
        elif cleaned.get("provider") is None:
            self.add_error("provider", "Choose the partnership you want to sign in to")
        else:
            cleaned["single_sign_on"] = {p.pk: p for p in self.providers}[cleaned["provider"]]
        return cleaned


NEW_PASSWORD_ERRORS = {
    "password_mismatch": "The two new passwords are different. Type the same new password twice.",
}


def describe_new_password(fields) -> None:
    """The new-password fields' labels and messages, the same wherever a password is chosen."""
    fields["new_password1"].label = "New password"
    fields["new_password1"].help_text = "At least 12 characters. Long passphrases are welcome."
    fields["new_password1"].error_messages["required"] = "Enter a new password"
    fields["new_password2"].label = "New password again"
    fields["new_password2"].error_messages["required"] = "Enter the new password again"


def new_password_fields() -> tuple:
    return (
        Field.text("new_password1", field_width=20, autocomplete="new-password"),
        Field.text("new_password2", field_width=20, autocomplete="new-password"),
    )


class ChangePasswordForm(PasswordChangeForm):
    """Django's own checks (at least 12 characters, not a common password, not like the
    username), in plain English; no rules about numbers or symbols."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again.",
        **NEW_PASSWORD_ERRORS,
    }

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        describe_new_password(self.fields)
        self.helper = gds_form_helper(
            Field.text("old_password", field_width=20, autocomplete="current-password"),
            *new_password_fields(),
            submit="Change your password",
        )


class ResetPasswordRequestForm(PasswordResetForm):
    """Asks for the email address to send a reset link to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.emails = []
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "The email address your Assure account uses."
        email.error_messages["required"] = "Enter your email address"
        email.error_messages["invalid"] = "Enter an email address in the right format, like name@example.org"
        self.helper = gds_form_helper(
            Field.text("email", autocomplete="email", spellcheck="false"),
            submit="Send me a link",
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Write the email now and keep it back, for the view to hand to the task worker once its
        answer has gone."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html_body = loader.render_to_string(html_email_template_name, context) if html_email_template_name else ""
        self.emails.append(
            partial(
                email_send.enqueue,
                subject=subject,
                body=body,
                to=[to_email],
                html_body=html_body,
                about="a password reset",
            )
        )


class NewPasswordForm(SetPasswordForm):
    """The same checks as changing a password: at least 12 characters, not a common password,
    not like the username; no rules about numbers or symbols."""

    error_messages = {**SetPasswordForm.error_messages, **NEW_PASSWORD_ERRORS}

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        describe_new_password(self.fields)
        self.helper = gds_form_helper(*new_password_fields(), submit="Save your new password")
