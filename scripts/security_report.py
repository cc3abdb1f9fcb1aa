"""Print one line per security property with its figures, for SQLite and PostgreSQL.

    python scripts/security_report.py            run the security tests on both databases, then print
    python scripts/security_report.py --print F  print from result files a test run already wrote

Each property's tests carry `pytest.mark.security("<property>")` (see tests/security_report.py).
The report fails (exit 1) when a property has a failed test or no test at all on a database it
must run on.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "artifacts" / "security"
POSTGRES_ONLY = "PostgreSQL only"

# (property, where it must run), in the order of the issue that set them.
PROPERTIES = [
    ("sign-in throttling", None),
    ("passwords", None),
    ("password reset", None),
    ("two-factor authentication", None),
    ("sessions", None),
    ("deployment settings", None),
    ("security headers", None),
    ("permission matrix", None),
    ("data scoping", None),
    ("all-or-nothing writes", None),
    ("repeated submissions", None),
    ("concurrent saves", POSTGRES_ONLY),
    ("audit history read-only", None),
    ("backup and restore", None),
    ("database restart", POSTGRES_ONLY),
    ("form fuzzing", None),
    ("uploads", None),
    ("security event logging", None),
    ("member invitations", None),
    ("demo logins kept out of production", None),
    ("date inputs", None),
    ("macro and linked documents", None),
    ("upload quotas", None),
    ("database outages", POSTGRES_ONLY),
    ("control characters", None),
    ("application database role", POSTGRES_ONLY),
    ("password changes audited", None),
    ("target date decisions", None),
    ("single sign-on", None),
    ("operators create partnerships", None),
]
DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def number(value: int) -> str:
    return f"{value:,}"


def describe(name: str, counts: dict | None, postgres_only: bool, database: str) -> tuple[str, bool]:
    """The line for one property on one database, and whether it is a failure."""
    if postgres_only and database != "postgresql":
        return f"{name}: not run ({POSTGRES_ONLY}: SQLite cannot show it)", False
    if not counts or counts["passed"] + counts["failed"] == 0:
        return f"{name}: FAILED, no test ran", True
    noun = "check" if counts["passed"] == 1 else "checks"
    checks = f"{number(counts['passed'])} {noun} passed, {number(counts['failed'])} failed"
    figures = "; ".join(counts.get("figures", []))
    line = f"{name}: {checks}" + (f"; {figures}" if figures else "")
    if counts["failed"]:
        return "FAILED " + line, True
    return line, False


def print_report(paths: list[Path]) -> int:
    failed = False
    for path in paths:
        results = json.loads(path.read_text())
        database = results["database"]
        print(f"== Security report on {DATABASE_NAMES.get(database, database)}")
        for name, where in PROPERTIES:
            line, is_failure = describe(name, results["properties"].get(name), where == POSTGRES_ONLY, database)
            failed |= is_failure
            print(line)
        unknown = sorted(set(results["properties"]) - {name for name, _ in PROPERTIES})
        if unknown:
            failed = True
            print(f"FAILED: tests name properties this report does not know: {', '.join(unknown)}")
    return 1 if failed else 0


def run_security_tests() -> list[Path]:
    python = str(ROOT / ".venv" / "bin" / "python")
    postgres_url = os.environ.get("DATABASE_URL", "")
    if not postgres_url.startswith(("postgres://", "postgresql://")):
        postgres_url = "postgres://postgres@127.0.0.1:5432/assure"
    databases = [("sqlite", "sqlite://:memory:")]
    if subprocess.run([python, "scripts/postgres_reachable.py", postgres_url], cwd=ROOT).returncode == 0:
        databases.append(("postgresql", postgres_url))
    elif os.environ.get("REQUIRE_POSTGRES") == "1":
        sys.exit("PostgreSQL is required (REQUIRE_POSTGRES=1) but not reachable.")
    else:
        print("PostgreSQL is not reachable: the report covers SQLite only.")
    paths = []
    for label, url in databases:
        path = RESULTS / f"{label}.json"
        path.unlink(missing_ok=True)
        env = {**os.environ, "DATABASE_URL": url, "ASSURE_SECURITY_RESULTS": str(path)}
        subprocess.run(
            [
                python,
                "-m",
                "pytest",
                "-q",
                "-m",
                "security",
                "-n",
                os.environ.get("TEST_PROCESSES", "2"),
                "--dist",
                "loadfile",
            ],
            cwd=ROOT,
            env=env,
        )
        if not path.exists():
            sys.exit(f"The security tests on {label} wrote no results: see the pytest output above.")
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    if argv[:1] == ["--print"]:
        return print_report([Path(arg) for arg in argv[1:]])
    return print_report(run_security_tests())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
