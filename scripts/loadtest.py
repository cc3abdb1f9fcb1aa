"""Run the load test (`make loadtest`): Locust, headless and bounded, against Assure on this
machine, then a check in the database that every accepted progress update is stored once.

LOADTEST_HOST (default http://127.0.0.1:8100, loopback only), LOADTEST_USERS (200),
LOADTEST_SPAWN_RATE (20 a second), LOADTEST_TIME (5m), LOADTEST_PARTNERSHIPS (150: how many
`generate_load_data` made), LOADTEST_OUT (var/loadtest). The database checked is the one
DATABASE_URL names: the server's.
"""

import csv
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MOST_USERS = 1000
LONGEST_SECONDS = 3600
UNITS = {"s": 1, "m": 60, "h": 3600}


class Refused(Exception):
    pass


def settings_from(environment) -> dict:
    host = environment.get("LOADTEST_HOST", "http://127.0.0.1:8100")
    parts = urlsplit(host)
    if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK:
        raise Refused(f"LOADTEST_HOST must be this machine (127.0.0.1 or localhost), not {host!r}.")
    users = _whole(environment, "LOADTEST_USERS", "200")
    if not 1 <= users <= MOST_USERS:
        raise Refused(f"LOADTEST_USERS must be between 1 and {MOST_USERS}.")
    run_time = environment.get("LOADTEST_TIME", "5m")
    match = re.fullmatch(r"(\d+)([smh])", run_time)
    if not match or not 1 <= int(match[1]) * UNITS[match[2]] <= LONGEST_SECONDS:
        raise Refused(f"LOADTEST_TIME must be like 30s, 5m or 1h, and at most an hour, not {run_time!r}.")
    return {
        "host": host.rstrip("/"),
        "users": users,
        "spawn_rate": _whole(environment, "LOADTEST_SPAWN_RATE", "20"),
        "run_time": run_time,
        "out": Path(environment.get("LOADTEST_OUT", str(ROOT / "var" / "loadtest"))),
    }


def _whole(environment, name: str, default: str) -> int:
    raw = environment.get(name, default)
    if not raw.isdigit():
        raise Refused(f"{name} must be a whole number, not {raw!r}.")
    return int(raw)


def page_figures(stats_csv: Path) -> list[dict]:
    """Requests, failures, requests a second and the 50th, 95th and 99th percentiles (ms) of
    each page, from Locust's `--csv` statistics, the total last."""
    with stats_csv.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            "page": row["Name"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "per_second": float(row["Requests/s"]),
            "p50": row["50%"],
            "p95": row["95%"],
            "p99": row["99%"],
        }
        for row in rows
    ]


def figures_table(figures: list[dict]) -> str:
    lines = [f"{'page':<28} {'requests':>9} {'errors':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"]
    for row in figures:
        lines.append(
            f"{row['page']:<28} {row['requests']:>9} {row['failures']:>7} {row['per_second']:>7.1f} "
            f"{row['p50']:>7} {row['p95']:>7} {row['p99']:>7}"
        )
    return "\n".join(lines)


def main() -> int:
    try:
        run = settings_from(os.environ)
    except Refused as refusal:
        print(f"make loadtest: {refusal}", file=sys.stderr)
        return 2
    run["out"].mkdir(parents=True, exist_ok=True)
    accepted = run["out"] / "accepted.txt"
    print(f"Load test: {run['users']} users, {run['spawn_rate']}/s, for {run['run_time']}, against {run['host']}")
    locust = subprocess.run(
        [
            str(BIN / "locust"),
            "--locustfile",
            str(ROOT / "scripts" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "--host",
            run["host"],
            "--users",
            str(run["users"]),
            "--spawn-rate",
            str(run["spawn_rate"]),
            "--run-time",
            run["run_time"],
            "--stop-timeout",
            "30",
            "--csv",
            str(run["out"] / "stats"),
        ],
        env={**os.environ, "LOADTEST_ACCEPTED": str(accepted)},
        cwd=ROOT,
    )
    figures = page_figures(run["out"] / "stats_stats.csv")
    print()
    print(figures_table(figures))
    print(f"(Locust's full statistics and failures: {run['out']}/stats_*.csv)")
    check = subprocess.run([str(BIN / "python"), "manage.py", "check_load_test", str(accepted)], cwd=ROOT)
    return 1 if check.returncode or locust.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
