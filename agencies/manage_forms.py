"""Forms the business manager uses for the people and vocabulary of a partnership: agencies,
officers, forums, glossary terms and members. Every choice is limited to the partnership's own
rows, and every error is in plain English.

crispy-forms-gds renders labels and hints unescaped: nothing a user typed goes into either.
"""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import Q

from actionplans.models import GlossaryTerm
from assure.forms import SubmittedOnce
from assure.forms import gds_form_helper as _helper
from assure.text import refuse_control_characters

from .models import Agency, Forum, Membership, Officer
from .roles import Role

User = get_user_model()

EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"


def _taken(form: forms.ModelForm, **lookup) -> bool:
    """Whether another row of the form's model in the same partnership already has these values."""
    model = form._meta.model
    others = model.objects.filter(partnership=form.instance.partnership, **lookup)
    if form.instance.pk:
        others = others.exclude(pk=form.instance.pk)
    return others.exists()


def _person(user) -> str:
    full_name = user.get_full_name()
    return f"{full_name} ({user.username})" if full_name else user.username


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _person(obj)  # choice labels are escaped when rendered


class PartnershipForm(forms.ModelForm):
    """A form for a row of one partnership: the view passes the partnership, never the user."""

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.partnership = partnership


# Agencies


class AgencyForm(SubmittedOnce, PartnershipForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "lead_officer"]
        labels = {
            "name": "Name of the agency",
            "short_name": "Short name",
            "kind": "Kind of agency",
            "lead_officer": "Lead officer (optional)",
        }
        help_texts = {
            "name": "For example, Darlington Borough Council.",
            "short_name": "As the plans write it, for example DBC.",
        }
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "name": {
                "required": "Enter the agency's name",
                "max_length": "The agency's name must be 200 characters or fewer",
            },
            "short_name": {
                "required": "Enter the agency's short name",
                "max_length": "The agency's short name must be 30 characters or fewer",
            },
            "kind": {"required": "Choose the kind of agency", "invalid_choice": "Choose one of the kinds of agency"},
            "lead_officer": {"invalid_choice": "Choose one of this partnership's officers"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Agency.Kind.choices  # no blank radio
        self.fields["lead_officer"].queryset = Officer.objects.filter(partnership=self.partnership).select_related(
            "agency"
        )
        self.fields["lead_officer"].empty_label = "No lead officer named"
        self.helper = _helper(
            Field.text("name"),
            Field.text("short_name", field_width=10),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("lead_officer"),
        )

    def clean_name(self):
        name = self.cleaned_data["name"]
        if _taken(self, name__iexact=name):
            raise ValidationError("The partnership already has an agency with this name")
        return name

    def clean_short_name(self):
        short_name = self.cleaned_data["short_name"]
        if _taken(self, short_name__iexact=short_name):
            raise ValidationError("The partnership already has an agency with this short name")
        return short_name


# Officers


class OfficerForm(SubmittedOnce, PartnershipForm):
    user = UserChoiceField(
        label="Their Assure login (optional)",
        help_text="Only members of this partnership whose login is not linked to another officer are listed.",
        queryset=User.objects.none(),
        required=False,
        empty_label="No login",
        error_messages={
            "invalid_choice": "Choose the login of a member of this partnership who is not linked to another officer"
        },
    )

    class Meta:
        model = Officer
        fields = ["name", "job_title", "agency", "email", "phone", "user"]
        labels = {
            "name": "Name",
            "job_title": "Job title or role",
            "agency": "Agency (optional)",
            "email": "Email address (optional)",
            "phone": "Phone number (optional)",
        }
        help_texts = {
            "name": "Leave this empty if the plan names only a role, such as Director of Nursing.",
            "job_title": "Needed when no name is given.",
            "agency": "Leave this empty for the partnership's own staff, such as its business manager.",
        }
        error_messages = {
            "name": {"max_length": "The name must be 120 characters or fewer"},
            "job_title": {"max_length": "The job title must be 200 characters or fewer"},
            "agency": {"invalid_choice": "Choose one of this partnership's agencies"},
            "email": {"invalid": EMAIL_INVALID, "max_length": "The email address must be 254 characters or fewer"},
            "phone": {"max_length": "The phone number must be 60 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(partnership=self.partnership)
        self.fields["agency"].empty_label = "None: the partnership's own staff"
        members = User.objects.filter(memberships__partnership=self.partnership, officer__isnull=True)
        if self.instance.pk:
            # Their own login stays listed, even if they have since left the partnership.
            members = User.objects.filter(Q(pk__in=members.values("pk")) | Q(officer=self.instance))
        self.fields["user"].queryset = members.distinct().order_by("first_name", "last_name", "username")
        self.helper = _helper(
            Field.text("name"),
            Field.text("job_title"),
            Field.select("agency"),
            Field.text("email", spellcheck="false", autocomplete="off"),
            Field.text("phone", field_width=20),
            Field.select("user"),
        )


# Forums


class ForumForm(SubmittedOnce, PartnershipForm):
    class Meta:
        model = Forum
        fields = ["name"]
        labels = {"name": "Name of the forum"}
        help_texts = {"name": "A board, sub-group or committee that plans and actions report to."}
        error_messages = {
            "name": {
                "required": "Enter the forum's name",
                "max_length": "The forum's name must be 200 characters or fewer",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("name"))

    def clean_name(self):
        name = self.cleaned_data["name"]
        if _taken(self, name__iexact=name):
            raise ValidationError("The partnership already has a forum with this name")
        return name


# Glossary


class GlossaryTermForm(SubmittedOnce, PartnershipForm):
    class Meta:
        model = GlossaryTerm
        fields = ["abbreviation", "meaning"]
        labels = {"abbreviation": "Abbreviation", "meaning": "What it stands for"}
        help_texts = {"abbreviation": "As the plans write it, for example LADO."}
        error_messages = {
            "abbreviation": {
                "required": "Enter the abbreviation",
                "max_length": "The abbreviation must be 40 characters or fewer",
            },
            "meaning": {
                "required": "Enter what the abbreviation stands for",
                "max_length": "What it stands for must be 300 characters or fewer",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("abbreviation", field_width=10), Field.text("meaning"))

    def clean_abbreviation(self):
        abbreviation = self.cleaned_data["abbreviation"]
        # Exact case, as the database constraint and the glossary's mark-up in plan text do.
        if _taken(self, abbreviation=abbreviation):
            raise ValidationError("The glossary already has this abbreviation")
        return abbreviation


# Members


def _minimum_password_length() -> int:
    lengths = [getattr(validator, "min_length", 0) for validator in get_default_password_validators()]
    return max(lengths, default=0)


class MembershipForm(PartnershipForm):
    """A member's role in the partnership, and their agency if they are an agency lead."""

    class Meta:
        model = Membership
        fields = ["role", "agency"]
        labels = {"role": "Role", "agency": "Agency (agency leads only)"}
        help_texts = {"agency": "The agency whose actions an agency lead updates. Leave this empty for other roles."}
        widgets = {"role": forms.RadioSelect}
        error_messages = {
            "role": {"required": "Choose the person's role", "invalid_choice": "Choose one of the roles"},
            "agency": {"invalid_choice": "Choose one of this partnership's agencies"},
        }

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.fields["role"].choices = [Choice(role.value, role.label, hint=role.description) for role in Role]
        self.fields["agency"].queryset = Agency.objects.filter(partnership=self.partnership)
        self.fields["agency"].empty_label = "None"

    def role_fields(self):
        return (Field.radios("role", legend_size=Size.SMALL), Field.select("agency"))

    def clean_role(self):
        role = self.cleaned_data["role"]
        changing_own = self.instance.pk and self.editor is not None and self.instance.user_id == self.editor.pk
        if changing_own and role != self.instance.role:
            raise ValidationError("You cannot change your own role. Ask another business manager to change it.")
        return role


class MembershipChangeForm(MembershipForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(*self.role_fields())


class MemberAddForm(SubmittedOnce, MembershipForm):
    """Adds a person to the partnership: an existing login by its username, or a new one."""

    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="Letters, digits and @ . + - _ only. If the person already has an Assure login, enter its "
        "username: they keep their name, email address and password, and the fields below are not needed.",
        validators=[
            UnicodeUsernameValidator(message="A username can only contain letters, digits and the characters @ . + - _")
        ],
        error_messages={
            "required": "Enter a username",
            "max_length": "The username must be 150 characters or fewer",
        },
    )
    first_name = forms.CharField(
        label="First name (new logins only)",
        max_length=150,
        required=False,
        error_messages={"max_length": "The first name must be 150 characters or fewer"},
        validators=[refuse_control_characters],
    )
    last_name = forms.CharField(
        label="Last name (new logins only)",
        max_length=150,
        required=False,
        error_messages={"max_length": "The last name must be 150 characters or fewer"},
        validators=[refuse_control_characters],
    )
    email = forms.EmailField(
        label="Email address (new logins only)",
        max_length=254,
        required=False,
        error_messages={"invalid": EMAIL_INVALID, "max_length": "The email address must be 254 characters or fewer"},
    )
    password1 = forms.CharField(
        label="Initial password (new logins only)",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirm the initial password",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "first_name", "last_name", "email", "password1", "password2", "role", "agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_user = None
        length = _minimum_password_length()
        self.fields["password1"].help_text = (
            f"At least {length} characters. " if length else ""
        ) + "Not a common password, and not like their name, username or email address. Give it to them privately."
        self.helper = _helper(
            Field.text("username", field_width=20, autocomplete="off", spellcheck="false"),
            Field.text("first_name", field_width=20, autocomplete="off"),
            Field.text("last_name", field_width=20, autocomplete="off"),
            Field.text("email", autocomplete="off", spellcheck="false"),
            Field.text("password1", field_width=20),
            Field.text("password2", field_width=20),
            *self.role_fields(),
            submit="Add the person",
        )

    def clean_username(self):
        username = User.normalize_username(self.cleaned_data["username"])
        self.existing_user = User.objects.filter(username__iexact=username).order_by("pk").first()
        if self.existing_user and self.partnership.memberships.filter(user=self.existing_user).exists():
            raise ValidationError(f"{_person(self.existing_user)} is already a member of this partnership")
        return username

    def clean(self):
        cleaned = super().clean()
        if "username" not in cleaned or self.existing_user is not None:
            return cleaned  # an existing login keeps its own details; the new-login fields are ignored
        required = {
            "first_name": "Enter the person's first name",
            "last_name": "Enter the person's last name",
            "email": "Enter the person's email address",
            "password1": "Enter an initial password",
            "password2": "Enter the initial password again",
        }
        for name, message in required.items():
            if name not in self.errors and not cleaned.get(name):
                self.add_error(name, message)
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The passwords do not match")
        elif password1 and "password1" not in self.errors:
            candidate = User(
                username=cleaned["username"],
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def attach_user(self):
        """The membership's user: the existing login, or a new one made now."""
        user = self.existing_user
        if user is None:
            user = User.objects.create_user(
                username=self.cleaned_data["username"],
                email=self.cleaned_data["email"],
                password=self.cleaned_data["password1"],
                first_name=self.cleaned_data["first_name"],
                last_name=self.cleaned_data["last_name"],
            )
        self.instance.user = user
        return user
