import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def summary(*args) -> str:
    output = io.StringIO()
    call_command("plan_summary", *args, stdout=output)
    return output.getvalue()


def test_summary_counts_a_plan_and_its_rag_mix_as_at_a_date(demo_partnerships):
    printed = summary("--partnership", "darlington", "--as-at", "2012-07-31")

    assert printed.splitlines() == [
        "Darlington LSCB: Announced Inspection of Safeguarding and Looked after Children Services "
        "2011 – LSCB Composite Plan July 2012",
        "  2 sections, 20 recommendations, 31 actions, 3 sub-actions, 31 milestones, 33 progress updates",
        "  As at 31 July 2012: Red 7, Amber 0, Green 19, Blue 0, not rated 5; 7 overdue",
    ]


def test_summary_covers_every_plan_by_default(demo_partnerships):
    printed = summary()

    assert [line.split(":")[0] for line in printed.splitlines() if not line.startswith(" ")] == [
        "BANES LSCB",
        "Darlington LSCB",
        "SSCB",
    ]


@pytest.mark.parametrize(
    "args, complaint",
    [
        (["--partnership", "nowhere"], "No plans in a partnership with the slug 'nowhere'"),
        (["--as-at", "31/07/2012"], "--as-at must be a date like 2012-07-31"),
    ],
)
def test_summary_explains_bad_options(demo_partnerships, args, complaint):
    with pytest.raises(CommandError, match=complaint):
        summary(*args)
