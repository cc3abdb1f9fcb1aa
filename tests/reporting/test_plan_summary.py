import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from actionplans.models import ActionPlan
from reporting.services import version_freeze

pytestmark = pytest.mark.django_db


def summary(*args) -> str:
    output = io.StringIO()
    call_command("plan_summary", *args, stdout=output)
    return output.getvalue()


def test_summary_counts_a_plan_and_its_rag_mix_as_at_a_date(demo_partnerships):
    printed = summary("--partnership", "darlington", "--as-at", "2012-07-31")
    plan = ActionPlan.objects.get(partnership__slug="darlington")
    version = plan.versions.get()

    assert printed.splitlines() == [
        "Darlington LSCB: Announced Inspection of Safeguarding and Looked after Children Services "
        "2011 – LSCB Composite Plan July 2012",
        f'  Plan id {plan.pk}; version id {version.pk} "LSCB Composite Plan July 2012"',
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


def test_summary_gives_the_ids_that_import_plan_and_render_plan_take(demo_partnerships):
    plan = ActionPlan.objects.get(partnership__slug="sunderland")
    first = version_freeze(plan=plan, label="March board", as_at=date(2012, 3, 1))
    second = version_freeze(plan=plan, label="June board", as_at=date(2012, 6, 1))

    printed = summary("--partnership", "sunderland")

    assert (
        f'  Plan id {plan.pk}; version ids {first.pk} "March board", {second.pk} "June board"' in printed.splitlines()
    )


def test_summary_says_when_a_plan_has_no_versions(demo_partnerships):
    plan = ActionPlan.objects.get(partnership__slug="sunderland")
    assert f"  Plan id {plan.pk}; no versions" in summary("--partnership", "sunderland").splitlines()


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
