"""Forms for opening and closing an update round, and for returning a completion."""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from agencies.models import Agency, Forum
from core.forms import SubmittedOnce, gds_form_helper, text_field

from ..models import Section
from .fields import date_from_parts, gds_date_field, parts_of, ticked_field


class RoundOpenForm(SubmittedOnce, forms.Form):
    deadline = gds_date_field("Deadline for updates", "The last day leads can add their update. For example 14 9 2026.")
    forum = forms.ModelChoiceField(
        label="Meeting it feeds (optional)", queryset=Forum.objects.none(), required=False, empty_label="None chosen"
    )
    meeting = gds_date_field(
        "Meeting date (optional)", "For example 21 9 2026.", required=False, described_as="meeting date"
    )
    message = text_field(
        "Message to the leads (optional)",
        max_length=5000,
        rows=5,
        required=False,
        help_text="It goes in the email to each lead and on their start page.",
    )
    sections = ticked_field("Sections (optional)", Section, help_text="Leave all unticked to ask about every section.")
    agencies = ticked_field(
        "Agencies (optional)", Agency, help_text="Leave all unticked to ask every agency with actions in the plan."
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.filter(partnership=plan.partnership_id)
        self.fields["sections"].queryset = Section.objects.filter(plan=plan).order_by("position", "pk")
        self.fields["agencies"].queryset = Agency.objects.filter(
            partnership=plan.partnership_id, actions__recommendation__section__plan=plan
        ).distinct()
        self.helper = gds_form_helper(
            Field("deadline"),
            Field.select("forum"),
            Field("meeting"),
            Field.textarea("message"),
            Field.checkboxes("sections", legend_size=Size.SMALL, small=True),
            Field.checkboxes("agencies", legend_size=Size.SMALL, small=True),
            submit="Open the round and email the leads",
        )

    def clean_deadline(self):
        return date_from_parts(self.cleaned_data.get("deadline"), "Deadline", not_in_future=False)

    def clean_meeting(self):
        return date_from_parts(self.cleaned_data.get("meeting"), "Meeting date", not_in_future=False)


class RoundCloseForm(SubmittedOnce, forms.Form):
    freeze = forms.ChoiceField(
        label="Freeze a version of the plan as you close the round?",
        choices=[
            Choice("yes", "Yes, freeze a version for the meeting", hint="The plan is kept as it stands now."),
            Choice("no", "No, just close the round"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to freeze a version"},
    )
    label = text_field(
        "Version label (if freezing)",
        max_length=200,
        required=False,
        help_text="As the paper will call it, for example LSCB Composite Plan September 2026.",
    )
    as_at = gds_date_field(
        "As-at date (if freezing)",
        "RAG and overdue are judged on this date.",
        required=False,
        described_as="as-at date",
    )

    def __init__(self, *args, update_round, **kwargs):
        super().__init__(*args, **kwargs)
        plan = update_round.plan
        self.fields["label"].initial = plan.version_label
        self.fields["as_at"].initial = parts_of(timezone.localdate())
        self.fields["freeze"].initial = "yes"
        self.helper = gds_form_helper(
            Field.radios("freeze", legend_size=Size.MEDIUM),
            Fieldset(Field.text("label"), Field("as_at"), legend="The version", legend_size=Size.SMALL),
            submit="Close the round",
        )

    def clean_as_at(self):
        return date_from_parts(self.cleaned_data.get("as_at"), "As-at date")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("freeze") == "yes":
            if not cleaned.get("label", "").strip():
                self.add_error("label", "Enter the version label")
            if "as_at" in cleaned and cleaned["as_at"] is None:
                self.add_error("as_at", "Enter the as-at date")
        return cleaned


class CompletionReturnForm(SubmittedOnce, forms.Form):
    reason = text_field(
        "Why are you returning it?",
        max_length=5000,
        rows=5,
        help_text="The lead sees this on their start page and by email. Say what is missing, for example "
        "the evidence you need to see.",
        error_messages={"required": "Say why the completion is being returned"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_form_helper(Field.textarea("reason"), submit="Return it to the lead")
