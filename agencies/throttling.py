"""The username a refused sign-in is counted under (django-axes' AXES_USERNAME_CALLABLE)."""

from axes.models import AccessAttempt

RECORDED_LENGTH = AccessAttempt._meta.get_field("username").max_length


def throttled_username(request, credentials) -> str | None:
    """The username typed, cut to fit the attempts table: a longer one names nobody (usernames
    have at most 150 characters), and storing it whole would fail on PostgreSQL."""
    typed = (credentials or request.POST).get("username")
    return typed[:RECORDED_LENGTH] if typed else typed
