"""Forms the business manager uses to build a plan: inspection, plan, sections,
recommendations, actions, sub-actions and milestones. Choices are limited to the plan's own
partnership."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError

from agencies.models import Agency, Forum, Officer
from core.forms import SubmittedOnce, text_field
from core.forms import gds_form_helper as _helper

from ..loose_dates import Meaning, read_loose_date
from ..models import (
    ACTION_DETAIL_NAMES,
    ACTION_DETAILS,
    RECOMMENDATION_DETAILS,
    Action,
    ActionPlan,
    Inspection,
    Judgement,
    Milestone,
    Output,
    Recommendation,
    Section,
    SubAction,
    Timeframe,
    details_in,
    timeframe_from_words,
)
from .fields import FillsInstance, LooseDateField, date_from_parts, gds_date_field, parts_of, ticked_field
from .written import label_written, written_layout


class VersionedForm(forms.ModelForm):
    """Carries the version the editor started from, so a later save can tell if someone else
    saved in between."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


def mark_optional(form: forms.ModelForm):
    """Label each model field that may be left empty as optional; the label itself is the
    field's verbose name."""
    for name in form._meta.fields:
        if not form.fields[name].required:
            form.fields[name].label = f"{form.fields[name].label} (optional)"


class InspectionForm(FillsInstance, SubmittedOnce, forms.ModelForm):
    fills = {"inspected": "inspected", "published_on": "published"}

    inspected = LooseDateField(label="When the inspection took place (optional)", allow_relative=False)
    published = gds_date_field(
        "Date the report was published",
        "Starts the clock for the written plan and the recommendations' timeframes. For example 27 3 2026.",
        required=False,
    )

    class Meta:
        model = Inspection
        fields = ["title", "inspectorates", "summary"]
        labels = {"inspectorates": "Who inspected", "summary": "Summary (optional)"}
        widgets = {"inspectorates": forms.RadioSelect}
        error_messages = {
            "title": {"required": "Enter the name of the inspection"},
            "inspectorates": {"required": "Choose who inspected"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspected"].initial = self.instance.inspected
        self.fields["published"].initial = parts_of(self.instance.published_on)
        self.helper = _helper(
            Field.text("title"),
            Field.radios("inspectorates", legend_size=Size.SMALL),
            Field.text("inspected", field_width=20),
            Field("published"),
            Field.textarea("summary"),
        )

    def clean_published(self):
        return date_from_parts(self.cleaned_data.get("published"), "Date the report was published")


class JudgementForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = Judgement
        fields = ["area", "criterion", "grade"]
        widgets = {"grade": forms.RadioSelect}
        error_messages = {
            "area": {"required": "Enter the area judged, for example Safeguarding services"},
            "criterion": {"required": "Enter what was judged, for example Overall effectiveness"},
            "grade": {"required": "Choose the grade"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("area"), Field.text("criterion"), Field.radios("grade", legend_size=Size.SMALL)
        )


class PlanForm(FillsInstance, SubmittedOnce, forms.ModelForm):
    fills = {"as_at": "as_at"}

    as_at = LooseDateField(label="As at (optional)", allow_relative=False)

    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "inspection",
            "owner_body",
            "version_label",
            "description",
            "notes",
            "is_draft",
            "monitoring_forum",
            "signed_off_by",
        ]
        labels = {
            "is_draft": "This plan is a draft",
            "inspection": "The inspection it answers (optional)",
            "version_label": "Version (optional)",
            "description": "Description (optional)",
            "notes": "Notes printed on the plan (optional)",
            "monitoring_forum": "Forum that monitors the plan (optional)",
            "signed_off_by": "Signed off by (optional)",
        }
        error_messages = {
            "title": {"required": "Enter the plan's title"},
            "owner_body": {"required": "Enter the body that owns the plan, for example the LSCB"},
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["inspection"].queryset = Inspection.objects.filter(partnership=partnership)
        self.fields["monitoring_forum"].queryset = Forum.objects.filter(partnership=partnership)
        self.fields["signed_off_by"].queryset = Officer.objects.filter(partnership=partnership)
        self.fields["as_at"].initial = self.instance.as_at
        self.helper = _helper(
            Field.text("title"),
            Field.select("inspection"),
            Field.text("owner_body"),
            Field.text("version_label"),
            Field.text("as_at", field_width=20),
            Field.checkbox("is_draft"),
            Field.textarea("description", rows=3),
            Field.textarea("notes", rows=3),
            Field.select("monitoring_forum"),
            Field.select("signed_off_by"),
        )


class SectionForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["number", "title"]
        labels = {"number": "Number (optional)"}
        error_messages = {"title": {"required": "Enter the section's title"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("number", field_width=5), Field.text("title"))


_RECOMMENDATION_WRITTEN = details_in(RECOMMENDATION_DETAILS, Output.FORM)


class RecommendationForm(FillsInstance, SubmittedOnce, VersionedForm):
    fills = {"timeframe_text": "timeframe_words"}

    timeframe_words = text_field(
        "Timeframe",
        max_length=100,
        required=False,
        help_text="As the report gives it: Immediate, Within 3 months, Within 6 months, or a date.",
    )

    class Meta:
        model = Recommendation
        fields = [*(detail.name for detail in _RECOMMENDATION_WRITTEN), "agencies", "monitoring_officer"]
        widgets = {"agencies": forms.CheckboxSelectMultiple}
        error_messages = {"text": {"required": "Enter the recommendation as the inspectors wrote it"}}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(partnership=partnership)
        self.fields["monitoring_officer"].queryset = Officer.objects.filter(partnership=partnership)
        self.fields["timeframe_words"].initial = self.instance.timeframe_text
        label_written(self, _RECOMMENDATION_WRITTEN)
        mark_optional(self)
        self.helper = _helper(
            *written_layout(
                _RECOMMENDATION_WRITTEN,
                after={
                    "text": [Field.text("timeframe_words", field_width=20)],
                    "report_paragraphs": [Field.checkboxes("agencies", legend_size=Size.SMALL, small=True)],
                },
            ),
            Field.select("monitoring_officer"),
            Field("version"),
        )

    def clean_timeframe_words(self):
        words = self.cleaned_data["timeframe_words"].strip()
        timeframe, by_date = timeframe_from_words(words)
        if words and timeframe == Timeframe.NOT_STATED and read_loose_date(words).meaning is not Meaning.UNDATED:
            raise ValidationError("Enter the timeframe as Immediate, Within 3 months, Within 6 months or a date")
        self.instance.timeframe, self.instance.timeframe_date = timeframe, by_date
        return words


class ActionForm(SubmittedOnce, VersionedForm):
    target = LooseDateField(label="Target date (optional)")
    next_review = LooseDateField(label="Date of next review (optional)", allow_relative=False)
    leads = ticked_field("Lead officers", Officer)

    class Meta:
        model = Action
        fields = [
            "reference",
            "text",
            "agency",
            "leads_note",
            *ACTION_DETAIL_NAMES,
            "reported_to",
            "source",
            "cross_references",
        ]
        help_texts = {"text": "What will be done, in the plan's words."}
        widgets = {"cross_references": forms.CheckboxSelectMultiple}
        error_messages = {"agency": {"required": "Choose the agency responsible for the action"}}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        partnership = plan.partnership
        self.fields["agency"].queryset = Agency.objects.filter(partnership=partnership)
        self.fields["leads"].queryset = Officer.objects.filter(partnership=partnership).select_related("agency")
        self.fields["reported_to"].queryset = Forum.objects.filter(partnership=partnership)
        others = Action.objects.filter(recommendation__section__plan=plan).in_plan_order()
        self.fields["cross_references"].queryset = others.exclude(pk=self.instance.pk)
        self.fields["text"].required = True
        self.fields["text"].error_messages["required"] = "Enter what will be done"
        label_written(self, ACTION_DETAILS)
        mark_optional(self)
        target_fields = [Field.text("target", field_width=20)]
        if self.instance.pk:
            self.fields["leads"].initial = [link.officer_id for link in self.instance.lead_links.all()]
            self.fields["target"].initial = self.instance.target
            self.fields["next_review"].initial = self.instance.next_review
            self.fields["target_change_reason"] = text_field(
                "Why the target date is changing (if it is)",
                max_length=5000,
                rows=3,
                required=False,
                help_text="Needed when you move the target date later. It is shown in the action's history "
                "and in the changes since the last version.",
            )
            target_fields.append(Field.textarea("target_change_reason"))
        self.helper = _helper(
            Field.text("reference", field_width=10),
            Field.textarea("text", rows=4),
            Field.select("agency"),
            Field.checkboxes("leads", legend_size=Size.SMALL, small=True),
            Field.text("leads_note"),
            *target_fields,
            *written_layout(ACTION_DETAILS),
            Field.select("reported_to"),
            Field.text("next_review", field_width=20),
            Field.text("source"),
            Field.checkboxes("cross_references", legend_size=Size.SMALL, small=True),
            Field("version"),
        )

    def apply(self) -> Action:
        """Copy what was typed onto the action (not saved: the caller saves, checking versions)."""
        action = self.instance
        for name in self.Meta.fields:
            if name != "cross_references":
                setattr(action, name, self.cleaned_data[name])
        action.target = self.cleaned_data["target"]
        action.next_review = self.cleaned_data["next_review"]
        return action


class SubActionForm(FillsInstance, SubmittedOnce, forms.ModelForm):
    fills = {"target": "target"}

    target = LooseDateField(label="Date (optional)")
    leads = ticked_field("Leads (optional)", Officer)

    class Meta:
        model = SubAction
        fields = ["kind", "text", "leads_note", "source"]
        labels = {"text": "Sub-action", "leads_note": "Note about the leads (optional)", "source": "Source (optional)"}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "kind": {"required": "Choose how the sub-action relates to the action"},
            "text": {"required": "Enter the sub-action"},
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = Officer.objects.filter(partnership=partnership)
        if self.instance.pk:
            self.fields["leads"].initial = [link.officer_id for link in self.instance.lead_links.all()]
            self.fields["target"].initial = self.instance.target
        self.helper = _helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("text", rows=3),
            Field.checkboxes("leads", legend_size=Size.SMALL, small=True),
            Field.text("leads_note"),
            Field.text("target", field_width=20),
            Field.text("source"),
        )


class MilestoneForm(FillsInstance, SubmittedOnce, forms.ModelForm):
    fills = {"due": "due", "done_on": "done"}

    due = LooseDateField(label="Due (optional)")
    done = gds_date_field("Date it was done", "Leave blank if it is not done yet.", required=False)

    class Meta:
        model = Milestone
        fields = ["text"]
        labels = {"text": "Milestone"}
        error_messages = {"text": {"required": "Enter the milestone"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due"].initial = self.instance.due
        self.fields["done"].initial = parts_of(self.instance.done_on)
        self.helper = _helper(Field.textarea("text", rows=2), Field.text("due", field_width=20), Field("done"))

    def clean_done(self):
        return date_from_parts(self.cleaned_data.get("done"), "Date it was done")


class ActionRelocateForm(forms.Form):
    recommendation = forms.ModelChoiceField(
        label="Which recommendation should this action answer?",
        queryset=Recommendation.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a recommendation",
            "invalid_choice": "Choose one of the plan's recommendations",
        },
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        plan = action.recommendation.section.plan
        self.fields["recommendation"].queryset = (
            Recommendation.objects.filter(section__plan=plan)
            .select_related("section")
            .order_by("section__position", "position", "pk")
        )
        self.fields["recommendation"].initial = action.recommendation_id
        self.helper = _helper(Field.radios("recommendation", legend_size=Size.MEDIUM), submit="Move the action")
