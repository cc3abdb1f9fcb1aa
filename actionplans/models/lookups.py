"""How the plan's rows reach their partnership, for the scoped querysets of every model module."""

ACTION_PARTNERSHIP = "recommendation__section__plan__partnership"
