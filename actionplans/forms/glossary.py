"""The business manager's form for an abbreviation in the partnership's glossary."""

from crispy_forms_gds.layout import Field

from agencies.manage_forms import PartnershipForm
from core.forms import SubmittedOnce, gds_form_helper

from ..models import GlossaryTerm


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
        self.helper = gds_form_helper(Field.text("abbreviation", field_width=10), Field.text("meaning"))

    def clean_abbreviation(self):
        # Exact case, as the database constraint and the glossary's mark-up in plan text do.
        return self.unique("abbreviation", "The glossary already has this abbreviation", exact_case=True)
