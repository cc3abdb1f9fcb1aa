"""Forms for freezing versions, writing cover reports and choosing what a paper shows."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from actionplans.forms.fields import date_from_parts, gds_date_field, parts_of
from actionplans.models import ActionPlan, Section
from agencies.models import Agency, Forum, Officer
from core.forms import SubmittedOnce, gds_form_helper, text_field

from .models import CoverReport
from .papers import PaperOptions


class VersionForm(SubmittedOnce, forms.Form):
    label = text_field(
        "Version label",
        max_length=200,
        help_text="As the paper will call it, for example LSCB Composite Plan July 2026.",
        error_messages={"required": "Enter the version label"},
    )
    as_at = gds_date_field("As-at date", "RAG and overdue are judged on this date. For example 31 7 2026.")
    forum = forms.ModelChoiceField(label="Meeting it feeds (optional)", queryset=Forum.objects.none(), required=False)
    meeting = gds_date_field(
        "Meeting date (optional)", "For example 14 9 2026.", required=False, described_as="meeting date"
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.filter(partnership=plan.partnership)
        self.fields["label"].initial = plan.version_label
        self.fields["as_at"].initial = parts_of(timezone.localdate())
        self.helper = gds_form_helper(
            Field.text("label"), Field("as_at"), Field.select("forum"), Field("meeting"), submit="Freeze this version"
        )

    def clean_as_at(self):
        return date_from_parts(self.cleaned_data.get("as_at"), "As-at date")

    def clean_meeting(self):
        return date_from_parts(self.cleaned_data.get("meeting"), "Meeting date", not_in_future=False)


class CoverReportForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = CoverReport
        fields = [
            "title",
            "addressed_to",
            "purpose",
            "summary",
            "recommendation",
            "signatory",
            "contact",
            "background_papers",
        ]
        labels = {
            "title": "Title of the report",
            "addressed_to": "Board or committee it goes to (optional)",
            "purpose": "Purpose of the report (optional)",
            "summary": "Summary (optional)",
            "recommendation": "What members are asked to do (optional)",
            "signatory": "Signed by (optional)",
            "contact": "Contact officer (optional)",
            "background_papers": "Background papers (optional)",
        }
        help_texts = {
            "summary": "The paper adds the inspection judgements, a table of actions by agency, status and RAG, "
            "and each agency's lead officer.",
        }
        error_messages = {"title": {"required": "Enter the title of the report"}}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        officers = Officer.objects.filter(partnership=partnership)
        self.fields["signatory"].queryset = officers
        self.fields["contact"].queryset = officers
        self.helper = gds_form_helper(
            Field.text("title"),
            Field.text("addressed_to"),
            Field.textarea("purpose", rows=5),
            Field.textarea("summary", rows=6),
            Field.textarea("recommendation", rows=4),
            Field.select("signatory"),
            Field.select("contact"),
            Field.textarea("background_papers", rows=3),
        )


class PaperOptionsForm(forms.Form):
    """What a paper or spreadsheet shows. Choices come from the plan (or version) itself."""

    agency = forms.ChoiceField(label="Agency", required=False)
    section = forms.TypedChoiceField(label="Section", required=False, coerce=int, empty_value=None)
    changes_only = forms.BooleanField(label="Only actions new or changed since the previous version", required=False)
    full_history = forms.BooleanField(label="Every progress update, not only the latest", required=False)

    def __init__(self, *args, snapshot: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "All agencies")] + [
            (agency["short_name"], f"{agency['name']} ({agency['short_name']})") for agency in snapshot["agencies"]
        ]
        self.fields["section"].choices = [("", "All sections")] + [
            (section["id"], f"{section['number']}. {section['title']}" if section["number"] else section["title"])
            for section in snapshot["sections"]
        ]
        self.fields["agency"].error_messages["invalid_choice"] = "Choose one of the plan's agencies"
        self.fields["section"].error_messages["invalid_choice"] = "Choose one of the plan's sections"
        self.helper = gds_form_helper(
            Field.select("agency"),
            Field.select("section"),
            Field.checkbox("changes_only", small=True),
            Field.checkbox("full_history", small=True),
            submit="Download",
        )
        self.helper.form_method = "get"

    def options(self) -> PaperOptions:
        data = self.cleaned_data if self.is_bound else {}
        titles = dict(self.fields["section"].choices)
        return PaperOptions(
            agency=data.get("agency") or "",
            section=data.get("section"),
            section_title=titles.get(data.get("section"), ""),
            changes_only=bool(data.get("changes_only")),
            full_history=bool(data.get("full_history")),
        )


class DashboardForm(forms.Form):
    """The dashboard's filters; they live in the query string so a view can be shared."""

    plan = forms.ModelChoiceField(label="Plan", queryset=None, required=False, empty_label="All plans")
    agency = forms.ModelChoiceField(label="Agency", queryset=None, required=False, empty_label="All agencies")
    section = forms.ModelChoiceField(label="Section", queryset=None, required=False, empty_label="All sections")
    since = forms.DateField(
        label="Not updated since",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="For example 31/07/2026.",
        error_messages={"invalid": "Enter the date as day/month/year, for example 31/07/2026"},
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = ActionPlan.objects.filter(partnership=partnership).order_by("title")
        self.fields["agency"].queryset = Agency.objects.filter(partnership=partnership).order_by("short_name")
        self.fields["section"].queryset = Section.objects.filter(plan__partnership=partnership).select_related("plan")
        for name, plural in (("plan", "plans"), ("agency", "agencies"), ("section", "sections")):
            self.fields[name].widget.attrs["class"] = "govuk-select"
            self.fields[name].error_messages["invalid_choice"] = f"Choose one of the partnership's {plural}"
        self.fields["since"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
