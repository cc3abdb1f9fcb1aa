"""Benchmark the dashboard on PostgreSQL (`make bench`).

For plans of 500 and 5,000 actions (4 progress updates each: 2,000 and 20,000), prints the
server time of the whole dashboard request and of one hand-written SQL query returning the same
figures (headline counts, and the RAG and status mix by agency, section and timeframe), and their
ratio. The hand-written query is the floor: what the database alone needs.
"""

import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [500, 5000]
UPDATES_PER_ACTION = 4
RUNS = 5

FLOOR_SQL = """
WITH assessed AS (
    SELECT a.id, a.agency_id, r.section_id, r.timeframe, a.target_date,
           COALESCE(l.status, '') AS status, COALESCE(l.rag, '') AS reported,
           CASE WHEN l.status = 'completed' OR l.rag = 'blue' THEN 'complete'
                WHEN a.target_date < %(today)s THEN 'overdue'
                WHEN COALESCE(l.rag, '') <> '' THEN 'reported'
                ELSE 'not_rated' END AS reason,
           EXISTS (SELECT 1 FROM actionplans_evidencedocument e JOIN actionplans_progressupdate p
                     ON p.id = e.progress_update_id WHERE p.action_id = a.id)
        OR EXISTS (SELECT 1 FROM actionplans_progressupdate p WHERE p.action_id = a.id AND p.evidence_of_impact <> '')
           AS has_evidence
    FROM actionplans_action a
    JOIN actionplans_recommendation r ON r.id = a.recommendation_id
    JOIN actionplans_section s ON s.id = r.section_id
    LEFT JOIN actionplans_progressupdate l ON l.id = a.latest_update_id
    WHERE s.plan_id = %(plan)s
),
rated AS (
    SELECT *, CASE WHEN reason = 'complete' THEN COALESCE(NULLIF(reported, ''), 'green')
                   WHEN reason = 'overdue' THEN 'red' WHEN reason = 'reported' THEN reported ELSE '' END AS rag
    FROM assessed
)
SELECT agency_id, section_id, timeframe, COUNT(*) AS total,
       COUNT(*) FILTER (WHERE reason = 'complete') AS completed,
       COUNT(*) FILTER (WHERE rag = 'green' AND reason <> 'complete') AS on_track,
       COUNT(*) FILTER (WHERE rag = 'amber' AND reason <> 'complete') AS at_risk,
       COUNT(*) FILTER (WHERE rag = 'red' AND reason <> 'complete') AS off_track,
       COUNT(*) FILTER (WHERE reason = 'overdue') AS overdue,
       COUNT(*) FILTER (WHERE target_date >= %(today)s AND reason <> 'complete') AS not_yet_due,
       COUNT(*) FILTER (WHERE reason = 'complete' AND NOT has_evidence) AS completed_without_evidence,
       COUNT(*) FILTER (WHERE rag = 'red') AS red, COUNT(*) FILTER (WHERE rag = 'amber') AS amber,
       COUNT(*) FILTER (WHERE rag = 'green') AS green, COUNT(*) FILTER (WHERE rag = 'blue') AS blue,
       COUNT(*) FILTER (WHERE rag = '') AS not_rated,
       COUNT(*) FILTER (WHERE status = 'ongoing') AS ongoing,
       COUNT(*) FILTER (WHERE status = 'completed') AS status_completed,
       COUNT(*) FILTER (WHERE status = '') AS no_status
FROM rated
GROUP BY GROUPING SETS ((), (agency_id), (section_id), (timeframe))
"""


def main():
    sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/assure"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.settings.test")
    from postgres_reachable import main as reachable

    if reachable([os.environ["DATABASE_URL"]]) != 0:
        print("Dashboard benchmark skipped: PostgreSQL is not reachable (set DATABASE_URL).")
        return
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    print(f"Dashboard on PostgreSQL, median of {RUNS} runs after one warm-up")
    print(f"{'actions':>8} {'updates':>8} {'dashboard ms':>13} {'one SQL ms':>11} {'ratio':>7} {'queries':>8}")
    original_name = connection.settings_dict["NAME"]
    for size in SIZES:  # a fresh database for each size
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            row = measure(size)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)
        figures = f"{row['dashboard']:>13.1f} {row['sql']:>11.1f} {row['ratio']:>7.1f}"
        print(f"{size:>8} {row['updates']:>8} {figures} {row['queries']:>8}")
    print("ratio = the whole dashboard request / the one hand-written query (the floor)")


def measure(actions: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    world = generate(actions)
    client = Client()
    client.force_login(world.users["scrutiny"])
    url = reverse("reporting:dashboard") + f"?plan={world.plan.pk}"
    assert client.get(url).context["scope"].plan == world.plan, "the dashboard must show the generated plan"
    dashboard = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        dashboard.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    sql = []
    with connection.cursor() as cursor:
        for _ in range(RUNS + 1):
            started = time.perf_counter()
            cursor.execute(FLOOR_SQL, {"today": date.today(), "plan": world.plan.pk})
            cursor.fetchall()
            sql.append((time.perf_counter() - started) * 1000)
    dashboard_ms, sql_ms = statistics.median(dashboard), statistics.median(sql[1:])
    return {
        "updates": actions * UPDATES_PER_ACTION,
        "dashboard": dashboard_ms,
        "sql": sql_ms,
        "ratio": dashboard_ms / sql_ms,
        "queries": len(captured),
    }


def generate(count: int):
    """A plan of `count` actions over 4 agencies, 10 sections and 3 timeframes, with updates."""
    from django.db import transaction

    from actionplans.models import Action, ProgressUpdate, Rag, Recommendation, Section, Status, Timeframe
    from tests.conftest import SmallPartnership

    with transaction.atomic():
        world = SmallPartnership()
        agencies = [world.dbc, world.pct]
        sections = [world.section] + [
            Section.objects.create(plan=world.plan, title=f"Theme {n}", position=n) for n in range(9)
        ]
        timeframes = [Timeframe.IMMEDIATE, Timeframe.WITHIN_3_MONTHS, Timeframe.WITHIN_6_MONTHS]
        recommendations = Recommendation.objects.bulk_create(
            Recommendation(
                section=sections[n % 10], reference=f"{n}", text=f"Recommendation {n}", timeframe=timeframes[n % 3]
            )
            for n in range(max(count // 10, 1))
        )
        today = date.today()
        actions = Action.objects.bulk_create(
            Action(
                recommendation=recommendations[n % len(recommendations)],
                agency=agencies[n % 2],
                reference=f"A{n}",
                text=f"Generated action {n}",
                target_text="",
                target_date=today + timedelta(days=(n % 400) - 200),
                target_precision="day",
            )
            for n in range(count)
        )
        rags, statuses = [Rag.RED, Rag.AMBER, Rag.GREEN, ""], [Status.ONGOING, Status.UNDERWAY, Status.COMPLETED, ""]
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(
                action=action,
                as_at_text="",
                as_at_date=today - timedelta(days=30 * (UPDATES_PER_ACTION - k)),
                as_at_precision="day",
                rag=rags[(n + k) % 4],
                status=statuses[(n * 7 + k) % 4],
                note="Progress noted.",
                evidence_of_impact="Impact seen." if n % 5 == 0 else "",
            )
            for n, action in enumerate(actions)
            for k in range(UPDATES_PER_ACTION)
        )
        Action.objects.filter(recommendation__section__plan=world.plan).refresh_latest_updates()
    return world


if __name__ == "__main__":
    main()
