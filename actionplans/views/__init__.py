"""Pages for plans, actions and progress. Each view: access check, domain call, render."""
