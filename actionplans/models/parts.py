"""What the rows that belong to an action share: the path to its partnership, the queryset that
scopes them as the action is scoped, and their filing under the action in the audit history.
Below actions.py and progress.py, so each imports it without importing the other."""

from agencies.scoping import ScopedQuerySet

ACTION_PARTNERSHIP = "recommendation__section__plan__partnership"


class PartOfActionQuerySet(ScopedQuerySet):
    """Rows that belong to one action, seen by whoever sees the action."""

    partnership_lookup = f"action__{ACTION_PARTNERSHIP}"
    agency_lookup = "action__agency"


class PartOfAction:
    """A row filed under its action in the audit history, so the action page shows all of it."""

    def get_additional_data(self):
        return {"action_id": self.action_id}
