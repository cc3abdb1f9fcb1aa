"""The form an invited person fills in to create their login, in the GOV.UK style and plain
English."""

from crispy_forms_gds.layout import Field
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from core.forms import gds_form_helper


class NewLoginForm(UserCreationForm):
    """The login an invited person creates on the invitation's page: a username and a password,
    under the same rules as every password; their name and address are the invitation's."""

    error_messages = {"password_mismatch": "The two passwords are different. Type the same password twice."}

    def __init__(self, *args, invitation, **kwargs):
        instance = get_user_model()(
            email=invitation.email, first_name=invitation.first_name, last_name=invitation.last_name
        )
        super().__init__(*args, instance=instance, **kwargs)
        username = self.fields["username"]
        username.label = "Choose a username"
        username.help_text = "You will sign in with it. Letters, digits and @ . + - _ only."
        username.error_messages["required"] = "Choose a username"
        username.error_messages["max_length"] = "The username must be 150 characters or fewer"
        username.validators = [
            UnicodeUsernameValidator(message="A username can only contain letters, digits and the characters @ . + - _")
        ]
        username.widget.attrs.pop("autofocus", None)
        password1, password2 = self.fields["password1"], self.fields["password2"]
        password1.label = "Choose a password"
        password1.help_text = "At least 12 characters. Long passphrases are welcome."
        password1.error_messages["required"] = "Choose a password"
        password2.label = "Password again"
        password2.help_text = ""
        password2.error_messages["required"] = "Enter the password again"
        self.helper = gds_form_helper(
            Field.text("username", field_width=20, autocomplete="username", spellcheck="false"),
            Field.text("password1", field_width=20, autocomplete="new-password"),
            Field.text("password2", field_width=20, autocomplete="new-password"),
            submit="Create your login and join",
        )

    def clean_username(self):
        username = self.cleaned_data.get("username")
        if username and get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("This username is taken. Choose another one.")
        return username
