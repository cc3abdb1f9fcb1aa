"""The three roles a person can hold in a partnership, and what each may do."""

from django.db import models


class Role(models.TextChoices):
    BUSINESS_MANAGER = "business_manager", "Business manager"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    SCRUTINY = "scrutiny", "Scrutiny member"

    @property
    def edits_plans(self) -> bool:
        """Builds and changes plans: inspections, recommendations, actions, people."""
        return self is Role.BUSINESS_MANAGER

    @property
    def belongs_to_agency(self) -> bool:
        return self is Role.AGENCY_LEAD

    @property
    def with_article(self) -> str:
        """'an agency lead', 'a scrutiny member', as a sentence says it."""
        label = self.label.lower()
        return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    Role.BUSINESS_MANAGER: "Builds and imports plans, chases updates and produces board papers "
    "for the whole partnership.",
    Role.AGENCY_LEAD: "Updates progress on their own agency's actions; reads the rest of the plan.",
    Role.SCRUTINY: "Reads plans and dashboards; changes nothing.",
}
