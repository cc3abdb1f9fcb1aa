"""The operator's form for a new partnership and its first business manager, in the GOV.UK
style and plain English. It never offers anything of another partnership.

crispy-forms-gds renders labels and hints unescaped: nothing a user typed goes into either.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from core.forms import SubmittedOnce, gds_form_helper, text_field

from .manage_forms import EMAIL_INVALID
from .models import Officer, Partnership
from .partnerships import FirstManager

User = get_user_model()

_OFFICER_NAME_LENGTH = Officer._meta.get_field("name").max_length


def _required(what: str, length: int) -> dict:
    return {
        "required": f"Enter {what}",
        "max_length": f"{what[0].upper()}{what[1:]} must be {length} characters or fewer",
    }


class NewPartnershipForm(SubmittedOnce, forms.Form):
    name = text_field(
        "Name of the partnership",
        max_length=200,
        help_text="As it is known, for example Darlington Safeguarding Children Partnership.",
        error_messages=_required("the partnership's name", 200),
    )
    short_name = text_field(
        "Short name or the board's name (optional)",
        max_length=60,
        required=False,
        help_text="As people write it, for example Darlington LSCB. Emails and papers use it. If you leave it "
        "empty, the name is used.",
        error_messages=_required("the short name", 60),
    )
    area = text_field(
        "Local area (optional)",
        max_length=120,
        required=False,
        help_text="The area the partnership serves, for example Darlington. If you leave it empty, the name is used.",
        error_messages=_required("the local area", 120),
    )
    manager_first_name = text_field(
        "First name", max_length=150, error_messages=_required("the manager's first name", 150)
    )
    manager_last_name = text_field(
        "Last name", max_length=150, error_messages=_required("the manager's last name", 150)
    )
    manager_email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will email a link to this address. They open it to join the partnership as its business "
        "manager and choose their own password.",
        error_messages={
            "required": "Enter the manager's email address",
            "invalid": EMAIL_INVALID,
            "max_length": "The email address must be 254 characters or fewer",
        },
    )
    manager_job_title = text_field(
        "Job title (optional)",
        max_length=200,
        required=False,
        help_text="For example, LSCB Business Manager. Board papers name them as the contact.",
        error_messages=_required("the job title", 200),
    )
    existing_login = forms.BooleanField(
        label="They already have this Assure login, and will join the new partnership with it",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        manager_fields = [
            Field.text("manager_first_name", field_width=20, autocomplete="off"),
            Field.text("manager_last_name", field_width=20, autocomplete="off"),
            Field.text("manager_email", autocomplete="off", spellcheck="false"),
        ]
        self.logins_with_address = self._logins_with(self.data.get("manager_email")) if self.is_bound else []
        if self.logins_with_address:
            manager_fields.append(Field.checkbox("existing_login", small=True))
        self.helper = gds_form_helper(
            Fieldset(
                Field.text("name"),
                Field.text("short_name", field_width=20),
                Field.text("area", field_width=20),
                legend="The partnership",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                *manager_fields,
                Field.text("manager_job_title"),
                legend="Its business manager",
                legend_size=Size.MEDIUM,
            ),
            submit="Create the partnership",
        )

    @staticmethod
    def _logins_with(email) -> list[str]:
        if not isinstance(email, str) or not email.strip():
            return []
        address = User.objects.normalize_email(email.strip())
        return list(User.objects.filter(email__iexact=address).order_by("username").values_list("username", flat=True))

    def clean_name(self):
        name = self.cleaned_data["name"]
        if Partnership.objects.filter(name__iexact=name).exists():
            raise ValidationError(f"There is already a partnership called {name}. Give the new one another name.")
        return name

    def clean_manager_email(self):
        return User.objects.normalize_email(self.cleaned_data["manager_email"])

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        for field, length in (("short_name", 60), ("area", 120)):
            if name and not cleaned.get(field) and field not in self.errors:
                if len(name) > length:
                    self.add_error(
                        field,
                        f"The name is longer than {length} characters, so it cannot be used here. Enter one of "
                        f"{length} characters or fewer",
                    )
                else:
                    cleaned[field] = name
        email = cleaned.get("manager_email")
        if email and self.logins_with_address and not cleaned.get("existing_login"):
            self.add_error(
                "manager_email",
                f"{email} is already the email address of the Assure login {', '.join(self.logins_with_address)}. "
                "If the new business manager is that person, tick the box below and create the partnership again: "
                "they will join with that login. Otherwise, give the new manager's own email address",
            )
        first, last = cleaned.get("manager_first_name"), cleaned.get("manager_last_name")
        if first and last and len(f"{first} {last}") > _OFFICER_NAME_LENGTH:
            self.add_error(
                "manager_last_name",
                f"The manager's first and last names must be {_OFFICER_NAME_LENGTH} characters or fewer together",
            )
        return cleaned

    def first_manager(self) -> FirstManager:
        data = self.cleaned_data
        return FirstManager(
            first_name=data["manager_first_name"],
            last_name=data["manager_last_name"],
            email=data["manager_email"],
            job_title=data["manager_job_title"],
        )
