"""The composite plan as a PDF: tagged, titled, numbered, complete, escaped, and cheap to query.

These tests read the PDFs with poppler's pdfinfo and pdftotext (`apt-get install -y
poppler-utils`); without them they fail, they do not skip.
"""

import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from weasyprint import HTML

from actionplans.loose_dates import loose_date
from actionplans.models import ActionPlan
from reporting.changes import actions_of
from reporting.models import PlanVersion
from reporting.papers import PaperOptions, current_paper, make_paper, version_paper
from reporting.pdf import PAPER_ASSETS, PaperAssetsOnly, html_to_pdf, paper_html, paper_pdf
from reporting.services import version_freeze
from reporting.snapshots import plan_snapshot
from tests.assure.test_query_counts import grow
from tests.factories import ProgressUpdateFactory
from tests.reporting.downloads import download

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "papers"


def poppler(tool: str, pdf: bytes, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed: run `apt-get install -y poppler-utils` (CI does).")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run(
            [tool, *args, file.name, *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def info(pdf: bytes) -> dict[str, str]:
    return dict(line.split(":", 1) for line in poppler("pdfinfo", pdf).splitlines() if ":" in line)


def pages(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed, in the order the page draws it."""
    return [re.sub(r"\s+", " ", page) for page in poppler("pdftotext", pdf, "-raw").split("\f")[:-1]]


def squashed(text: str) -> str:
    """Text without any white space: lines wrap wherever the paper's columns make them."""
    return re.sub(r"\s+", "", text)


def words(text: str, count: int = 6) -> str:
    return " ".join(text.split()[:count])


def demo_papers():
    """(name, paper) for the demo: both frozen versions and the Sunderland plan as it stands."""
    papers = [
        (v.plan.partnership.slug, version_paper(v, PaperOptions()))
        for v in PlanVersion.objects.select_related("plan__partnership")
    ]
    sunderland = ActionPlan.objects.get(partnership__slug="sunderland")
    snapshot = plan_snapshot(sunderland, as_at=date(2012, 7, 31))
    papers.append(("sunderland", current_paper(sunderland, snapshot, date(2012, 7, 31), PaperOptions())))
    return sorted(papers, key=lambda pair: pair[0])


@pytest.fixture(scope="module")
def demo_pdfs(demo_partnerships, django_db_blocker):
    """name -> (paper, its PDF) for the demo papers, rendered once for the module."""
    with django_db_blocker.unblock():
        return {name: (paper, paper_pdf(paper)) for name, paper in demo_papers()}


@pytest.mark.parametrize("name", ["banes", "darlington", "sunderland"])
def test_each_demo_plan_prints_as_a_tagged_paper_with_title_version_and_page_numbers(demo_pdfs, name):
    paper, pdf = demo_pdfs[name]

    details = info(pdf)
    assert int(details["Pages"]) > 1
    assert details["Tagged"].strip() == "yes"
    assert details["Title"].strip().startswith(paper.title[:40])
    texts = pages(pdf)
    title, label = re.sub(r"\s+", " ", paper.title), paper.label
    for number, text in enumerate(texts, start=1):
        assert title in text, f"page {number} lacks the plan title"
        assert label in text, f"page {number} lacks the version label"
        assert f"Page {number} of {len(texts)}" in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)


@pytest.mark.parametrize("name", ["banes", "darlington", "sunderland"])
def test_every_action_of_the_plan_is_in_its_paper(demo_pdfs, name):
    paper, pdf = demo_pdfs[name]

    whole = squashed(" ".join(pages(pdf)))

    missing = [
        action["reference"] or words(action["text"])
        for _section, _recommendation, action in actions_of(paper.snapshot)
        if squashed(f"{action['reference']} {words(action['text'], 5)}") not in whole
    ]
    assert missing == []


def test_a_version_printed_after_the_plan_changed_still_shows_what_it_froze(small):
    version = version_freeze(plan=small.plan, label="July board", as_at=date(2012, 7, 31))
    small.dbc_action.text = "Rewritten after the July board"
    small.dbc_action.target = loose_date("March 2013")
    small.dbc_action.save()

    frozen = " ".join(pages(paper_pdf(version_paper(version, PaperOptions()))))
    today = plan_snapshot(small.plan, as_at=date(2012, 8, 31))
    current = " ".join(pages(paper_pdf(current_paper(small.plan, today, date(2012, 8, 31), PaperOptions()))))

    assert "Review the LAC timetable" in frozen and "Rewritten after the July board" not in frozen
    assert "June 2012" in frozen and "March 2013" not in frozen
    assert "Rewritten after the July board" in current
    assert "Changes since July board" in current


def test_the_same_version_prints_the_same_text_every_time(small):
    version = version_freeze(plan=small.plan, label="July board", as_at=date(2012, 7, 31))

    assert pages(paper_pdf(version_paper(version, PaperOptions()))) == pages(
        paper_pdf(version_paper(PlanVersion.objects.get(pk=version.pk), PaperOptions()))
    )


def test_options_narrow_the_paper_to_an_agency_and_add_the_full_history(small):
    ProgressUpdateFactory(action=small.pct_action, as_at="May 2012", note="An early note")
    ProgressUpdateFactory(action=small.pct_action, as_at="June 2012", note="The latest note")
    snapshot = plan_snapshot(small.plan, as_at=date(2012, 7, 31))

    pct_only = " ".join(
        pages(
            paper_pdf(make_paper(snapshot, label="July", as_at=date(2012, 7, 31), options=PaperOptions(agency="PCT")))
        )
    )
    history = " ".join(
        pages(
            paper_pdf(
                make_paper(snapshot, label="July", as_at=date(2012, 7, 31), options=PaperOptions(full_history=True))
            )
        )
    )

    assert "Audit health assessments" in pct_only and "Review the LAC timetable" not in pct_only
    assert "This paper shows PCT actions only" in pct_only
    assert "An early note" not in pct_only and "The latest note" in pct_only
    assert "An early note" in history and "The latest note" in history


def test_changes_only_prints_just_what_changed_since_the_previous_version(small):
    version_freeze(plan=small.plan, label="June board", as_at=date(2012, 6, 30))
    ProgressUpdateFactory(action=small.pct_action, as_at="July 2012", status="completed", note="Audit done")
    later = version_freeze(plan=small.plan, label="July board", as_at=date(2012, 6, 30))

    text = " ".join(pages(paper_pdf(version_paper(later, PaperOptions(changes_only=True)))))

    assert "Changes since June board" in text
    assert "Audit health assessments" in text and "Review the LAC timetable" not in text


def test_the_paper_has_bookmarks_for_sections_and_recommendations(small):
    paper = make_paper(
        plan_snapshot(small.plan, as_at=date(2012, 7, 31)),
        label="July",
        as_at=date(2012, 7, 31),
        options=PaperOptions(),
    )

    document = HTML(
        string=paper_html(paper), base_url=PAPER_ASSETS.as_uri() + "/", url_fetcher=PaperAssetsOnly()
    ).render()

    def labels(tree, depth=0):
        for label, _target, children, _state in tree:
            yield depth, label
            yield from labels(children, depth + 1)

    outline = list(labels(document.make_bookmark_tree()))
    assert (0, small.section.title) in outline
    assert (1, "1 Ensure that LAC reviews happen on time") in outline


@pytest.mark.parametrize(
    "smuggled",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/passwd">',
        "@import url(file:///etc/passwd);",
        '<img src="http://example.com/tracker.png">',
    ],
)
def test_plan_text_is_printed_literally_and_fetches_nothing(small, smuggled):
    small.dbc_action.text = f"Review {smuggled} timetable"
    small.dbc_action.save()
    small.plan.notes = smuggled
    small.plan.save()
    paper = make_paper(
        plan_snapshot(small.plan, as_at=date(2012, 7, 31)),
        label="July",
        as_at=date(2012, 7, 31),
        options=PaperOptions(),
    )
    fetcher = PaperAssetsOnly()

    text = " ".join(pages(html_to_pdf(paper_html(paper), fetcher)))

    assert smuggled in text
    assert fetcher.refused == []
    assert fetcher.fetched == [(PAPER_ASSETS / "paper.css").as_uri()]


def test_the_renderer_refuses_anything_but_the_papers_own_files():
    fetcher = PaperAssetsOnly()
    html = (
        '<html lang="en"><head><title>t</title><link rel="stylesheet" href="paper.css"></head><body>'
        '<img src="file:///etc/passwd"><img src="../../settings/base.py"><img src="http://example.com/x.png">'
        "</body></html>"
    )

    html_to_pdf(html, fetcher)

    assert len(fetcher.refused) == 3
    assert fetcher.fetched == [(PAPER_ASSETS / "paper.css").as_uri()]


def queries_for(client, url) -> int:
    """The queries of asking for a paper, rendering it (the task runs at once in the tests) and
    downloading it."""
    with CaptureQueriesContext(connection) as captured:
        response, _content = download(client, url)
    assert response["Content-Type"] == "application/pdf"
    return len(captured)


def test_a_papers_queries_do_not_grow_with_the_number_of_actions(client, small):
    client.force_login(small.users["scrutiny"])
    grow(small, 3)
    version = version_freeze(plan=small.plan, label="Small", as_at=date(2012, 7, 31))
    small_version, small_plan = (
        queries_for(client, reverse("reporting:version_paper", args=[version.pk, "pdf"])),
        queries_for(client, reverse("reporting:plan_paper", args=[small.plan.pk, "pdf"])),
    )
    grow(small, 60)
    version = version_freeze(plan=small.plan, label="Large", as_at=date(2012, 7, 31))

    assert queries_for(client, reverse("reporting:version_paper", args=[version.pk, "pdf"])) == small_version
    assert queries_for(client, reverse("reporting:plan_paper", args=[small.plan.pk, "pdf"])) == small_plan


def test_paper_pages_render_as_images(demo_pdfs):
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is not installed: run `apt-get install -y poppler-utils`.")
    _paper, darlington = demo_pdfs["darlington"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(darlington)
        file.flush()
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "4", file.name, str(ARTIFACTS / "darlington")], check=True
        )

    assert len(list(ARTIFACTS.glob("darlington-*.png"))) == 4


def test_the_cover_report_carries_the_dashboards_rag_chart_without_links(demo_partnerships):
    version = PlanVersion.objects.get(plan__partnership__slug="darlington")
    paper = version_paper(version, PaperOptions())

    html = paper_html(paper)
    chart = re.search(r'<figure class="chart">(.*?)</figure>', html, re.S).group(1)

    assert chart.lstrip().startswith("<svg")
    assert "<title" in chart and "<desc" in chart
    assert "<a " not in chart  # a printed page has nowhere to link to
    for row in paper.rag_table():
        assert row["agency"] in chart


def word_boxes(pdf: bytes) -> tuple[float, list[tuple[str, float, float]]]:
    """The page width, and each word the PDF draws with where it starts and ends across the page."""
    boxes = poppler("pdftotext", pdf, "-bbox")
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    found = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)
    return width, [(text, float(start), float(end)) for start, end, text in found]


def test_a_long_unbroken_word_wraps_inside_its_column_and_is_printed_whole(small):
    review = "Testshire_LSCB_" + "Serious_Case_Review_ChildA_" * 6 + "Final.pdf"
    briefing = "Testshire_LSCB_" + "Practice_Briefing_" * 4 + "v3.docx"
    small.recommendation.text = f"Publish the review at {review} for every agency"
    small.recommendation.save()
    small.dbc_action.text = f"Send every lead the briefing from {briefing} before the board"
    small.dbc_action.save()

    as_at = date(2012, 7, 31)
    pdf = paper_pdf(current_paper(small.plan, plan_snapshot(small.plan, as_at=as_at), as_at, PaperOptions()))
    width, boxes = word_boxes(pdf)
    next_column = next(start for text, start, _end in boxes if text == "Agency")

    def pieces(link):
        return [(start, end) for text, start, end in boxes if len(text) > 8 and text in link]

    text = squashed(" ".join(pages(pdf)))
    assert squashed(review) in text and squashed(briefing) in text
    assert len(pieces(briefing)) > 1 and all(end < next_column for _start, end in pieces(briefing))
    assert len(pieces(review)) > 1 and all(end <= width for _text, _start, end in boxes)


def test_the_columns_an_imported_plan_kept_as_extra_text_are_printed_under_their_headings(small):
    small.dbc_action.extra_columns = {"Monitoring Officer": "Janet Okafor", "Health Reference": "H/2012/14"}
    small.dbc_action.save()

    as_at = date(2012, 7, 31)
    text = " ".join(
        pages(paper_pdf(current_paper(small.plan, plan_snapshot(small.plan, as_at=as_at), as_at, PaperOptions())))
    )

    assert "Monitoring Officer Janet Okafor" in text
    assert "Health Reference H/2012/14" in text
