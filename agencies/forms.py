"""The sign-in form, in the GOV.UK style and plain English."""

from crispy_forms_gds.layout import Field
from django.contrib.auth.forms import AuthenticationForm

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
