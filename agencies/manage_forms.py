"""Forms the business manager uses for the people of a partnership: agencies, officers, forums
and members. Every choice is limited to the partnership's own
rows, and every error is in plain English.

crispy-forms-gds renders labels and hints unescaped: nothing a user typed goes into either.
"""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

from core.forms import SubmittedOnce
from core.forms import gds_form_helper as _helper

from .models import Agency, Forum, Invitation, Membership, Officer
from .roles import Role

User = get_user_model()

EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"


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

    def unique(self, field: str, refusal: str, *, exact_case: bool = False):
        """The cleaned value of `field`, refused when another row of the partnership has it (in
        any case, unless `exact_case`)."""
        value = self.cleaned_data[field]
        others = self._meta.model.objects.filter(
            partnership=self.partnership, **{field if exact_case else f"{field}__iexact": value}
        )
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(refusal)
        return value


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
        return self.unique("name", "The partnership already has an agency with this name")

    def clean_short_name(self):
        return self.unique("short_name", "The partnership already has an agency with this short name")


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
        return self.unique("name", "The partnership already has a forum with this name")


# Members


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


class InvitationForm(SubmittedOnce, MembershipForm):
    """Invites a person to the partnership by email: their name, their address, and the role
    they will have. Nothing it says depends on whether any login has that address."""

    class Meta(MembershipForm.Meta):
        model = Invitation
        fields = ["first_name", "last_name", "email", "role", "agency"]
        labels = {
            **MembershipForm.Meta.labels,
            "first_name": "First name",
            "last_name": "Last name",
            "email": "Email address",
        }
        help_texts = {
            **MembershipForm.Meta.help_texts,
            "email": "We will email a link to this address. The person opens it to join, with the Assure login "
            "they already have or with a new one.",
        }
        error_messages = {
            **MembershipForm.Meta.error_messages,
            "first_name": {
                "required": "Enter the person's first name",
                "max_length": "The first name must be 150 characters or fewer",
            },
            "last_name": {
                "required": "Enter the person's last name",
                "max_length": "The last name must be 150 characters or fewer",
            },
            "email": {
                "required": "Enter the person's email address",
                "invalid": EMAIL_INVALID,
                "max_length": "The email address must be 254 characters or fewer",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("first_name", field_width=20, autocomplete="off"),
            Field.text("last_name", field_width=20, autocomplete="off"),
            Field.text("email", autocomplete="off", spellcheck="false"),
            *self.role_fields(),
            submit="Send the invitation",
        )

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        # Only what the list of members and invitations already shows the manager.
        if self.partnership.memberships.filter(user__email__iexact=email).exists():
            raise ValidationError(f"{email} is already the email address of a member of this partnership")
        if Invitation.objects.filter(partnership=self.partnership, email__iexact=email).pending().exists():
            raise ValidationError(
                f"An invitation to {email} is already waiting. If it has not arrived, send it again from the "
                "list of users"
            )
        return email
