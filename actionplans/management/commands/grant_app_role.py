"""Give the application's own PostgreSQL role what it needs to run, and nothing that could empty or
change the audit history (docs/deploy.md, "Database roles")."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

AUDIT_TABLE = "auditlog_logentry"


def grant_statements(role: str, schema: str) -> list[str]:
    """Reading and writing rows of every table, now and later; never TRUNCATE, and no UPDATE or
    DELETE of the audit history. Not owning the tables, the role cannot alter, drop or disable a
    trigger on them either."""
    role, schema = connection.ops.quote_name(role), connection.ops.quote_name(schema)
    rows = "SELECT, INSERT, UPDATE, DELETE"
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT {rows} ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"REVOKE UPDATE, DELETE ON {schema}.{AUDIT_TABLE} FROM {role}",
        # Tables the owner creates in later migrations get the same rows-only grant.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {rows} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]


class Command(BaseCommand):
    help = (
        "Run as the database owner after each migrate (PostgreSQL only): lets the application's role "
        "read and write rows, but not truncate, alter or drop tables, nor update or delete audit entries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, help="The application's role, e.g. assure_app.")

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are PostgreSQL's: this database is not PostgreSQL.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(
                    f"There is no role {role!r}. Create it first: CREATE ROLE {role} LOGIN PASSWORD '...'"
                )
            cursor.execute(
                "SELECT pg_has_role(%s, tableowner, 'MEMBER'), schemaname FROM pg_tables "
                "WHERE tablename = %s AND schemaname = current_schema()",
                [role, AUDIT_TABLE],
            )
            table = cursor.fetchone()
            if table is None:
                raise CommandError("The database has no audit history table yet: run manage.py migrate first.")
            owns_tables, schema = table
            if found[0] or owns_tables:
                raise CommandError(
                    f"The role {role!r} is a superuser or owns the tables (or is a member of their owner): it "
                    "could empty the audit history whatever is granted. Give the application a role of its own."
                )
            with transaction.atomic():
                for statement in grant_statements(role, schema):
                    cursor.execute(statement)
        self.stdout.write(f"The role {role} can read and write rows in {schema}; the audit history it can only add to.")
