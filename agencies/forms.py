"""The sign-in and change-password forms, in the GOV.UK style and plain English."""

from crispy_forms_gds.layout import Field
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

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


class ChangePasswordForm(PasswordChangeForm):
    """Django's own checks (at least 12 characters, not a common password, not like the
    username), in plain English; no rules about numbers or symbols."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again.",
        "password_mismatch": "The two new passwords are different. Type the same new password twice.",
    }

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = "At least 12 characters. Long passphrases are welcome."
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = gds_form_helper(
            Field.text("old_password", field_width=20, autocomplete="current-password"),
            Field.text("new_password1", field_width=20, autocomplete="new-password"),
            Field.text("new_password2", field_width=20, autocomplete="new-password"),
            submit="Change your password",
        )
