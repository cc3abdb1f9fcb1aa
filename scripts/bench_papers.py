"""Benchmark the board paper PDF (`make bench`).

For generated plans of 50, 200 and 800 actions, prints: seconds for the whole PDF request, pages,
pages per second, peak memory, and the ratio of the whole request to WeasyPrint alone on the
saved HTML of that same response (target: at most 1.15). Each size runs in its own process, in
a fresh test database (SQLite, or PostgreSQL when DATABASE_URL names it).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [50, 200, 800]
RUNS = 3
NOTE = (
    "Officers met in the multi-agency group and reviewed the audit findings; the action remains on track "
    "with evidence due at the next sub-group. Case file audits show improvement in recording of the child's voice."
)


def measure(actions: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return _measure(actions)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def _measure(actions: int) -> dict:
    from datetime import date

    from django.test import Client, override_settings
    from django.urls import reverse

    from actionplans.models import Rag, Status
    from reporting.models import PaperFile
    from reporting.papers import PaperOptions, current_paper
    from reporting.pdf import html_to_pdf, paper_html
    from reporting.snapshots import plan_snapshot
    from tests.conftest import SmallPartnership
    from tests.factories import (
        ActionFactory,
        ActionLeadFactory,
        MilestoneFactory,
        ProgressUpdateFactory,
        RecommendationFactory,
        SubActionFactory,
    )

    world = SmallPartnership()
    recommendations = [
        RecommendationFactory(section=world.section, reference=f"{n}") for n in range(1, actions // 8 + 2)
    ]
    for number in range(actions - 2):
        action = ActionFactory(
            recommendation=recommendations[number % len(recommendations)],
            agency=world.dbc if number % 2 else world.pct,
            text=f"Action {number}: {NOTE}",
            target="September 2012",
            outcome_measure=NOTE,
            measure_of_success=NOTE,
        )
        ActionLeadFactory(action=action, officer=world.lead_officer)
        SubActionFactory(action=action)
        MilestoneFactory(action=action)
        ProgressUpdateFactory(action=action, as_at="June 2012", status=Status.ONGOING, rag=Rag.AMBER, note=NOTE)
        ProgressUpdateFactory(action=action, as_at="July 2012", status=Status.ONGOING, rag=Rag.GREEN, note=NOTE)

    client = Client()
    client.force_login(world.users["scrutiny"])
    url = reverse("reporting:plan_paper", args=[world.plan.pk, "pdf"])
    request_seconds, weasyprint_seconds = [], []
    for _ in range(RUNS):
        PaperFile.objects.all().delete()  # a kept paper is not rendered again: time a fresh one each run
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            # Asking renders the paper (the test settings run tasks at once) and shows the page offering it.
            response = client.get(url, follow=True)
        request_seconds.append(time.perf_counter() - started)
        assert response.status_code == 200 and PaperFile.objects.get().state == PaperFile.State.READY
        today = date.today()
        html = paper_html(current_paper(world.plan, plan_snapshot(world.plan, as_at=today), today, PaperOptions()))
        started = time.perf_counter()
        pdf = html_to_pdf(html)
        weasyprint_seconds.append(time.perf_counter() - started)
    pages = _pages(pdf)
    best_request, best_weasyprint = min(request_seconds), min(weasyprint_seconds)
    return {
        "actions": actions,
        "seconds": round(best_request, 2),
        "pages": pages,
        "pages_per_second": round(pages / best_request, 1),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "weasyprint_seconds": round(best_weasyprint, 2),
        "ratio": round(best_request / best_weasyprint, 3),
    }


def _pages(pdf: bytes) -> int:
    """Pages, as poppler's pdfinfo counts them (the PDF's objects are compressed)."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        report = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True, check=True).stdout
    return int(next(line.split(":")[1] for line in report.splitlines() if line.startswith("Pages:")))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--actions":
        print(json.dumps(measure(int(sys.argv[2]))))
        return
    print(f"Board paper PDF, best of {RUNS} runs per size, database: {os.environ.get('DATABASE_URL', 'SQLite')}")
    print(f"{'actions':>8} {'seconds':>8} {'pages':>6} {'pages/s':>8} {'peak MB':>8} {'WeasyPrint s':>13} {'ratio':>6}")
    for size in SIZES:
        result = subprocess.run(
            [sys.executable, __file__, "--actions", str(size)], capture_output=True, text=True, check=True, cwd=ROOT
        )
        row = json.loads(result.stdout.strip().splitlines()[-1])
        print(
            f"{row['actions']:>8} {row['seconds']:>8} {row['pages']:>6} {row['pages_per_second']:>8} "
            f"{row['peak_memory_mb']:>8} {row['weasyprint_seconds']:>13} {row['ratio']:>6}"
        )
    print("ratio = whole PDF request / WeasyPrint alone on the same HTML (target <= 1.15)")


if __name__ == "__main__":
    main()
