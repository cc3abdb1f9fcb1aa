"""The progress update form: what happened, status, RAG, milestones done, evidence files and
a proposed new target date."""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.text import Truncator

from core.forms import SubmittedOnce, gds_form_helper, text_field

from ..evidence import WHAT_IS_ACCEPTED, identify, max_bytes, size_text
from ..loose_dates import LooseDate, Meaning, read_loose_date
from ..models import PROGRESS_DETAILS, Milestone, Output, Rag, Status, details_in
from ..services.progress import EvidenceUpload, MilestoneDone, evidence_quota_problem, update_problems
from .fields import date_from_parts, gds_date_field, parts_of
from .written import written_field, written_layout

RAG_HINTS = {
    Rag.RED: "Off track: the action will not be delivered as planned without help.",
    Rag.AMBER: "At risk: there are problems, but the lead expects to resolve them.",
    Rag.GREEN: "On track: the action is going as planned.",
    Rag.BLUE: "Complete and assured: done, with evidence the business manager has checked.",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(EvidenceFilesField, self).clean(file, initial) for file in files if file]


_WRITTEN = details_in(PROGRESS_DETAILS, Output.FORM)


class ProgressUpdateForm(SubmittedOnce, forms.Form):
    as_at = gds_date_field("As-at date", "The date this update describes, for example 27 3 2026.")
    status = forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=[
            *[Choice(rag.value, rag.described, hint=RAG_HINTS[rag]) for rag in Rag if rag != Rag.BLUE],
            Choice("", Rag.words_for("")),
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text="How the action stands. An overdue action shows as Red whatever is chosen here. Blue "
        "(complete and assured) is given when the business manager accepts a completion.",
    )
    evidence_files = EvidenceFilesField(
        label="Evidence files (optional)",
        required=False,
        help_text=f"Attach up to {settings.EVIDENCE_FILES_PER_UPDATE} files: {WHAT_IS_ACCEPTED}, each smaller "
        f"than {size_text(max_bytes())} and {size_text(settings.EVIDENCE_BYTES_PER_UPDATE)} in all.",
    )
    proposed_target = text_field(
        "Propose a new target date (optional)",
        max_length=300,
        required=False,
        help_text="For example 30 September 2026 or September 2026. Leave blank to keep the current date.",
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        for detail in _WRITTEN:
            self.fields[detail.name] = written_field(detail)
        self.fields["as_at"].initial = parts_of(timezone.localdate())
        self.open_milestones = list(Milestone.objects.filter(action=action, done_on__isnull=True))
        for milestone in self.open_milestones:
            # crispy-forms-gds prints labels and hints unescaped: escape the plan's words here.
            self.fields[f"milestone_{milestone.pk}"] = forms.BooleanField(
                label=conditional_escape(milestone.text),
                required=False,
                help_text=conditional_escape(f"Due {milestone.due}") if milestone.due else "",
            )
            self.fields[f"milestone_{milestone.pk}_done_on"] = gds_date_field(
                conditional_escape(f"Date “{Truncator(milestone.text).chars(60)}” was done"),
                required=False,
                described_as="date it was done",
            )
        milestone_fields = [
            Field(name)
            for milestone in self.open_milestones
            for name in (f"milestone_{milestone.pk}", f"milestone_{milestone.pk}_done_on")
        ]
        self.helper = gds_form_helper(
            Field("as_at"),
            Field.radios("status", legend_size=Size.MEDIUM),
            Field.radios("rag", legend_size=Size.MEDIUM),
            *written_layout(
                _WRITTEN,
                after={
                    "evidence_of_impact": [
                        *(
                            [Fieldset(*milestone_fields, legend="Milestones done", legend_size=Size.MEDIUM)]
                            if milestone_fields
                            else []
                        ),
                        Field("evidence_files"),
                    ]
                },
                within={
                    "target_change_reason": lambda reason: Fieldset(
                        Field.text("proposed_target", field_width=20),
                        reason,
                        legend="Target date",
                        legend_size=Size.MEDIUM,
                    )
                },
            ),
            submit="Add update",
        )
        # Errors are summarised in the order the page asks.
        self.order_fields([pointer.name for pointer in self.helper.layout.get_field_names()])

    def clean_as_at(self):
        return date_from_parts(self.cleaned_data.get("as_at"), "As-at date")

    def full_clean(self):
        super().full_clean()
        self._ask_for_the_files_again()

    def _ask_for_the_files_again(self):
        """A browser cannot be given back the files it sent: when the form comes back with a
        problem, the files chosen are named, to be chosen again, rather than silently dropped."""
        chosen = [upload.file.name for upload in getattr(self, "cleaned_data", {}).get("evidence_files") or []]
        if chosen and self._errors and "evidence_files" not in self._errors:
            names = ", ".join(chosen)
            self.add_error(
                "evidence_files",
                f"Choose {names} again: {'a file' if len(chosen) == 1 else 'files'} you attach cannot be kept "
                "while the form has a problem to put right",
            )

    def clean_evidence_files(self):
        files = self.cleaned_data.get("evidence_files") or []
        uploads, problems = [], []
        for file in files:
            try:
                uploads.append(EvidenceUpload(file=file, kind=identify(file)))
            except ValidationError as refusal:
                problems.extend(refusal.messages)
        if problems:
            raise ValidationError(problems)
        quota = evidence_quota_problem(self.action, [upload.file.size for upload in uploads], timezone.localdate())
        if quota:
            raise ValidationError(quota)
        return uploads

    def clean_proposed_target(self):
        words = self.cleaned_data.get("proposed_target", "").strip()
        if not words:
            return LooseDate()
        reading = read_loose_date(words)
        if reading.meaning is not Meaning.DATE:
            raise ValidationError(
                "Enter the new target date as a date, for example 30 September 2026 or September 2026. "
                + reading.explanation
            )
        return reading.value

    def clean(self):
        cleaned = super().clean()
        if "status" in cleaned and "evidence_files" in cleaned:
            problems = update_problems(
                self.action,
                status=cleaned["status"],
                rag=cleaned.get("rag", ""),
                new_evidence_files=len(cleaned["evidence_files"]),
                evidence_statement=cleaned.get("evidence_statement", ""),
                rag_change_reason=cleaned.get("rag_change_reason", ""),
            )
            for name, problem in problems.items():
                self.add_error(name, problem)
        proposed = cleaned.get("proposed_target")
        reason = cleaned.get("target_change_reason", "").strip()
        if proposed and not reason:
            self.add_error("target_change_reason", "Give a reason for the new target date")
        if reason and "proposed_target" in cleaned and not proposed:
            self.add_error("proposed_target", "Enter the new target date, or clear the reason")
        for milestone in self.open_milestones:
            ticked = cleaned.get(f"milestone_{milestone.pk}")
            name = f"milestone_{milestone.pk}_done_on"
            if name not in cleaned:
                continue
            try:
                done_on = date_from_parts(cleaned.get(name), "Date it was done")
            except ValidationError as error:
                self.add_error(name, error)
                continue
            if ticked and done_on is None:
                self.add_error(name, f"Enter the date '{milestone.text[:60]}' was done")
            cleaned[name] = done_on
        return cleaned

    def milestones_done(self) -> list[MilestoneDone]:
        return [
            MilestoneDone(milestone, self.cleaned_data[f"milestone_{milestone.pk}_done_on"])
            for milestone in self.open_milestones
            if self.cleaned_data.get(f"milestone_{milestone.pk}")
        ]
