"""PostgreSQL for the tests: Django's own backend, except that emptying the test database between
transactional tests (live-server and browser tests) steps around the trigger that refuses TRUNCATE
of the audit history. Only the test settings use it; production keeps the trigger whole."""

from django.db.backends.postgresql import base

AUDIT_TABLE = "auditlog_logentry"
TRUNCATE_TRIGGER = "audit_history_cannot_be_truncated"


class DatabaseOperations(base.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if not statements or AUDIT_TABLE not in tables:
            return statements
        # One transaction (Django runs the flush atomically), so the trigger is never off outside it.
        return [
            f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER {TRUNCATE_TRIGGER}",
            *statements,
            f"ALTER TABLE {AUDIT_TABLE} ENABLE TRIGGER {TRUNCATE_TRIGGER}",
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
