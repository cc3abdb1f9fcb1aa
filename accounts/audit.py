"""What the audit history records about logins: that a password was changed, by whom and when,
never the password's hash (before or after)."""

from contextlib import contextmanager

from auditlog.context import auditlog_value, set_actor

PASSWORD_NOT_RECORDED = "(not recorded)"


def password_not_recorded(value: str) -> str:
    """The audit log's mask for the password field: the entry shows it changed, and nothing of it."""
    return PASSWORD_NOT_RECORDED


@contextmanager
def acting_as(actor):
    """Record the changes made inside as made by `actor`, also within a request that has an actor
    of its own (the audit log middleware's): auditlog's own `set_actor` would leave the request's
    context replaced, and its signal receiver connected, when nested."""
    request = auditlog_value.get(None)
    if request is None:
        with set_actor(actor):
            yield
        return
    token = auditlog_value.set({**request, "actor": actor})
    try:
        yield
    finally:
        auditlog_value.reset(token)
