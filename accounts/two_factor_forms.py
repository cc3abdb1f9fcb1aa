"""The forms of two-factor authentication: a code from the app, a recovery code, and who in a
partnership must use it. Each checks the code against the person's device, under throttling."""

from __future__ import annotations

import re

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError

from agencies.models import Partnership
from core.forms import gds_form_helper

from .two_factor import authenticator_of, code_check, password_and_code_check, recovery_codes_of

CODE_HINT = "The 6-digit code your authenticator app shows for Assure now."


def _digits_only(value: str) -> str:
    return re.sub(r"[\s-]", "", value)


class AuthenticatorCodeForm(forms.Form):
    """A 6-digit code, right for `device` (the person's authenticator, or the one being set up)."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text=CODE_HINT,
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, device, submit="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.helper = gds_form_helper(
            Field.text("code", field_width=5, autocomplete="one-time-code", inputmode="numeric", spellcheck="false"),
            submit=submit,
        )

    def clean_code(self):
        code = _digits_only(self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise ValidationError("Enter the code as 6 digits, like 123456")
        refusal = code_check(self.device, code)
        if refusal is not None:
            raise ValidationError(refusal.message)
        return code


class SignInWithCodeForm(forms.Form):
    """Username, password and a code from the authenticator app, checked together: accepted
    only if all are right, and refused with the same words whichever was wrong."""

    username = forms.CharField(label="Username")
    password = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput)
    code = forms.CharField(label="Code from your authenticator app", help_text=CODE_HINT, max_length=20)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.signed_in = None
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["code"].error_messages["required"] = "Enter the 6-digit code from your authenticator app"
        self.helper = gds_form_helper(
            Field.text("username", field_width=20, autocomplete="username", spellcheck="false"),
            Field.text("password", field_width=20, autocomplete="current-password"),
            Field.text("code", field_width=5, autocomplete="one-time-code", inputmode="numeric", spellcheck="false"),
            submit="Sign in",
        )

    def clean_code(self):
        code = _digits_only(self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise ValidationError("Enter the code as 6 digits, like 123456")
        return code

    def clean(self):
        fields = self.cleaned_data
        if {"username", "password", "code"} <= fields.keys():
            self.signed_in = password_and_code_check(
                self.request, username=fields["username"], password=fields["password"], code=fields["code"]
            )
            if self.signed_in is None:
                raise ValidationError("The username, password or code is not right. Check them and try again.")
        return fields


class RecoveryCodeForm(forms.Form):
    """One of the person's recovery codes; it is used up when accepted."""

    code = forms.CharField(
        label="Recovery code",
        help_text="One of the 10 codes you saved when you set up two-factor authentication. Each code works once.",
        max_length=40,
        error_messages={"required": "Enter one of your recovery codes"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = recovery_codes_of(user)
        self.helper = gds_form_helper(
            Field.text("code", field_width=10, autocomplete="off", spellcheck="false"), submit="Continue"
        )

    def clean_code(self):
        refusal = code_check(self.device, _digits_only(self.cleaned_data["code"]).lower())
        if refusal is not None:
            raise ValidationError(refusal.message)
        return self.cleaned_data["code"]


class CurrentCodeForm(forms.Form):
    """Before replacing an authenticator: a code from the current one, or a recovery code for
    someone whose phone is gone. The accepting device is kept as `device`."""

    code = forms.CharField(
        label="Code from your current authenticator app, or a recovery code",
        help_text=f"{CODE_HINT} If you no longer have the app, enter one of your recovery codes.",
        max_length=40,
        error_messages={"required": "Enter a code from your current authenticator app, or a recovery code"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None
        self.helper = gds_form_helper(
            Field.text("code", field_width=10, autocomplete="one-time-code", spellcheck="false"), submit="Continue"
        )

    def clean_code(self):
        code = _digits_only(self.cleaned_data["code"]).lower()
        device = authenticator_of(self.user) if re.fullmatch(r"\d{6}", code) else recovery_codes_of(self.user)
        refusal = code_check(device, code)
        if refusal is not None:
            raise ValidationError(refusal.message)
        self.device = device
        return code


class TwoFactorRuleForm(forms.ModelForm):
    """Who in the partnership must use two-factor authentication."""

    two_factor_for_everyone = forms.TypedChoiceField(
        label="Who must use two-factor authentication?",
        choices=[
            (False, "Business managers only"),
            (True, "Everyone in the partnership: business managers, agency leads and scrutiny members"),
        ],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who must use two-factor authentication"},
    )

    class Meta:
        model = Partnership
        fields = ["two_factor_for_everyone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_form_helper(Field.radios("two_factor_for_everyone", legend_size=Size.MEDIUM))
