"""The import's forms: the upload, the table to import, the columns, and the final check."""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.text import Truncator

from actionplans.forms.fields import date_from_parts, gds_date_field, parts_of
from actionplans.models import ActionPlan
from core.forms import SubmittedOnce, gds_form_helper, text_field

from .fields import Target
from .mapping import HEADER_SEARCH_ROWS, ColumnMap, Mapping
from .models import ImportMapping
from .table import Table

AS_AT_LABEL = "Date the file's progress is as at"


def as_at_field(hint: str, *, required: bool = False):
    label = AS_AT_LABEL if required else f"{AS_AT_LABEL} (optional)"
    return gds_date_field(label, hint, required=required, described_as=AS_AT_LABEL.lower())


class ImportUploadForm(SubmittedOnce, forms.Form):
    file = forms.FileField(
        label="The plan's file",
        help_text=f"A Word document (.docx) with the plan in a table, an Excel workbook (.xlsx) or a CSV file, "
        f"up to {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB.",
        error_messages={
            "required": "Choose the file with the plan in it",
            "empty": "The file is empty. Check you chose the file with the action plan in it, then upload it again.",
        },
    )
    into = forms.ModelChoiceField(
        label="Is it a new plan?",
        queryset=ActionPlan.objects.none(),
        required=False,
        empty_label="Yes, a new plan",
        help_text="Or choose the plan in Assure that this file is a newer copy of: its new updates and "
        "changes are added, and nothing is duplicated.",
    )
    as_at = as_at_field(
        "Leave it empty if the file says it, such as 'Progress as at 31 July 2012'. "
        "Each update the file does not date is dated this day. For example 31 7 2012."
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = ActionPlan.objects.filter(partnership=partnership).order_by("title")
        self.fields["into"].label_from_instance = lambda plan: f"No, a newer copy of {plan}"
        self.helper = gds_form_helper(Field("file"), Field.select("into"), Field("as_at"), submit="Read the file")

    def clean_as_at(self):
        return date_from_parts(self.cleaned_data.get("as_at"), AS_AT_LABEL)


class ImportTableForm(forms.Form):
    table = forms.ChoiceField(
        label="Which table holds the plan?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the table that holds the plan"},
    )

    def __init__(self, *args, tables: list[Table], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].choices = [
            Choice(
                str(index),
                conditional_escape(table.name),
                hint=conditional_escape(
                    f"{len(table.rows)} rows, {table.width} columns. "
                    + Truncator(" | ".join(cell.text for cell in table.rows[0] if cell.text)).chars(120)
                ),
            )
            for index, table in enumerate(tables)
        ]
        self.helper = gds_form_helper(Field.radios("table", legend_size=Size.MEDIUM), submit="Continue")


class ImportColumnsForm(forms.Form):
    """Which row holds the headings, which field each column fills (and, in two-part plans,
    which part), the agencies of the parts and of actions naming none."""

    header_row = forms.TypedChoiceField(label="Which row holds the column headings?", coerce=int)
    default_agency = text_field(
        "Agency for actions that name none (optional)",
        max_length=30,
        required=False,
        help_text="The short name of an agency, such as DBC. A new short name creates the agency.",
    )
    save_as = text_field(
        "Save these choices to reuse next time (optional)",
        max_length=120,
        required=False,
        help_text="Give them a name, for example 'Composite plan, quarterly copy'.",
    )

    def __init__(self, *args, table: Table, mapping: Mapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        self.proposed = {column.index: column for column in mapping.columns}
        self.fields["header_row"].choices = [
            (index, Truncator(f"{table.row_labels[index]}: " + " | ".join(c.text for c in row if c.text)).chars(100))
            for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS])
        ]
        self.fields["header_row"].initial = mapping.header_row
        self.fields["default_agency"].initial = mapping.default_agency
        samples = _samples(table, mapping.header_row)
        column_fields = []
        for column in mapping.columns:
            heading = column.heading or "(no heading)"
            self.fields[f"target_{column.index}"] = forms.ChoiceField(
                label=conditional_escape(f"Column {column.index + 1}: {Truncator(heading).chars(80)}"),
                choices=Target.choices,
                initial=column.target,
                help_text=conditional_escape(_why(column) + samples[column.index]),
            )
            self.fields[f"part_{column.index}"] = text_field(
                conditional_escape(f"Part of the row for column {column.index + 1} (optional)"),
                max_length=60,
                required=False,
                initial=column.part,
                help_text="Only for plans that split each row into parts, such as Council and Health.",
            )
            column_fields.append(
                Fieldset(
                    Field.select(f"target_{column.index}"),
                    Field.text(f"part_{column.index}", field_width=20),
                    legend=conditional_escape(f"Column {column.index + 1}"),
                    legend_size=Size.SMALL,
                )
            )
        self.parts = [part for part in mapping.parts if part]
        part_fields = []
        for number, part in enumerate(self.parts):
            self.fields[f"part_agency_{number}"] = text_field(
                conditional_escape(f"Agency for the {part} part"),
                max_length=30,
                required=False,
                initial=mapping.part_agencies.get(part, ""),
                help_text="The agency's short name. Leave empty if each row names the agency.",
            )
            part_fields.append(Field.text(f"part_agency_{number}", field_width=10))
        self.helper = gds_form_helper(
            Field.select("header_row"),
            *column_fields,
            *part_fields,
            Field.text("default_agency", field_width=10),
            Field.text("save_as"),
            submit="Preview the plan",
        )

    def mapping(self) -> Mapping:
        """The mapping as chosen (for the header row chosen when the form was shown)."""
        data = self.cleaned_data
        columns = [
            self._column(index, self.table.rows[data["header_row"]][index].text, data)
            for index in range(self.table.width)
            if f"target_{index}" in data
        ]
        part_agencies = {part: data.get(f"part_agency_{number}", "").strip() for number, part in enumerate(self.parts)}
        return Mapping(data["header_row"], columns, part_agencies, data["default_agency"].strip())

    def _column(self, index: int, heading: str, data: dict) -> ColumnMap:
        """The column as chosen, keeping Assure's reason while the choice is still Assure's."""
        column = ColumnMap(index, heading, data[f"target_{index}"], data[f"part_{index}"].strip())
        proposed = self.proposed.get(index)
        if proposed and (proposed.heading, proposed.target, proposed.part) == (heading, column.target, column.part):
            column.reason = proposed.reason
        return column


class ImportSavedMappingForm(forms.Form):
    saved = forms.ModelChoiceField(
        label="Use choices you saved before",
        queryset=ImportMapping.objects.none(),
        empty_label="Choose saved choices",
        error_messages={"required": "Choose the saved choices to use"},
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["saved"].queryset = ImportMapping.objects.filter(partnership=partnership)
        self.helper = gds_form_helper(Field.select("saved"), submit="Use them")


class ImportConfirmForm(forms.Form):
    """The final check: the new plan's title, and the date of the file's progress (needed when
    some of its updates give none). A changed date is kept and the preview shown again, so that
    what is imported is always what was shown."""

    title = text_field("The plan's title", max_length=300, error_messages={"required": "Enter the plan's title"})

    def __init__(self, *args, new_plan: bool, title: str = "", batch, needs_as_at: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        if not new_plan:
            del self.fields["title"]
        else:
            self.fields["title"].initial = title
        read = f"Assure read it from ‘{batch.as_at_line}’. " if batch.as_at_line else ""
        self.fields["as_at"] = as_at_field(
            f"{read}Each update the file does not date is dated this day. For example 31 7 2012.",
            required=needs_as_at,
        )
        self.fields["as_at"].initial = parts_of(batch.as_at)
        self.helper = gds_form_helper(
            *([Field.text("title")] if new_plan else []),
            Field("as_at"),
            submit="Import the plan" if new_plan else "Import the changes",
        )

    def clean_as_at(self):
        return date_from_parts(self.cleaned_data.get("as_at"), AS_AT_LABEL)

    @property
    def as_at_changed(self) -> bool:
        return self.cleaned_data["as_at"] != self.batch.as_at


def _why(column: ColumnMap) -> str:
    return f"Why this choice: {column.reason}. " if column.reason else ""


def _samples(table: Table, header_row: int) -> list[str]:
    """What each column holds, from its first filled cells under the headings."""
    samples = []
    for index in range(table.width):
        filled = [row[index].text for row in table.rows[header_row + 1 :] if row[index].text][:2]
        words = " | ".join(Truncator(text.replace("\n", " ")).chars(60) for text in filled)
        samples.append(f"For example: {words}" if words else "Empty under the heading.")
    return samples
