"""The sign-in, change-password and reset-password forms, in the GOV.UK style and plain English."""

from functools import partial

from crispy_forms_gds.layout import Field
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm

from assure.forms import gds_form_helper


class SignInForm(AuthenticationForm):
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

    def send_mail(self, *args, **kwargs):
        """Keep the email back, for the view to send once its answer has gone."""
        self.emails.append(partial(super().send_mail, *args, **kwargs))


class NewPasswordForm(SetPasswordForm):
    """The same checks as changing a password: at least 12 characters, not a common password,
    not like the username; no rules about numbers or symbols."""

    error_messages = {**SetPasswordForm.error_messages, **NEW_PASSWORD_ERRORS}

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        describe_new_password(self.fields)
        self.helper = gds_form_helper(*new_password_fields(), submit="Save your new password")
