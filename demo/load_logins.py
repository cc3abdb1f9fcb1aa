"""The load-test logins' names and shared secrets, without Django, so that the locustfile
(scripts/locustfile.py) signs in as the people `generate_load_data` made."""

LOAD_PASSWORD = "assure-load-test-2026"
# The managers' authenticator key, so that the load test can give their codes; load data goes
# only into a database of its own (generate_load_data refuses one with partnerships in it).
LOAD_AUTHENTICATOR_KEY = "6173737572652d6c6f61642d746573742d6b6579"
SLUG_PREFIX = "load-"
AGENCY_SHORT_NAMES = ["BC", "FT", "ICB", "POL", "EDU"]
SCRUTINY_PER_PARTNERSHIP = 2
# Every update the load test posts says this, then its one-off submission token.
UPDATE_NOTE_PREFIX = "Load test update "


def load_username(number: int, role: str) -> str:
    """`load-007-manager`, `load-007-scrutiny-1`, `load-007-lead-bc`."""
    return f"{SLUG_PREFIX}{number:03d}-{role}"


def lead_role(short_name: str) -> str:
    return f"lead-{short_name.lower()}"
