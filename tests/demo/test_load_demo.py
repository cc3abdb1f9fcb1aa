"""`manage.py load_demo`: the three real plans, complete, and a login for every role."""

import io
from collections import Counter
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.http import HttpRequest

from actionplans.figures import plan_figures
from actionplans.models import Action, ActionPlan, Grade, Rag, Status
from agencies.models import Membership, Partnership
from agencies.roles import Role
from demo.logins import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

# Counted in the seed documents (see tests/actionplans/test_demo_transcription.py for the
# counts derived from the seeds' own text).
FIGURES = (
    "sections",
    "recommendations",
    "actions",
    "sub_actions",
    "milestones",
    "progress_updates",
)
EXPECTED = {
    "darlington": (2, 20, 31, 3, 31, 33),
    "sunderland": (8, 72, 72, 50, 0, 47),
    "banes": (2, 32, 32, 123, 0, 32),
}


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ("agencies", "actionplans", "reporting", "auth")
        for model in apps.get_app_config(app).get_models()
    }


def test_migrations_create_no_users():
    assert get_user_model().objects.count() == 0


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_demo_plan_holds_what_its_seed_document_holds(demo_partnerships, slug):
    plan = ActionPlan.objects.get(partnership__slug=slug)

    [figures] = plan_figures([plan])

    assert tuple(getattr(figures, name) for name in FIGURES) == EXPECTED[slug]


def test_loading_again_adds_nothing(demo_partnerships):
    before = row_counts()

    output = io.StringIO()
    call_command("load_demo", stdout=output)

    assert row_counts() == before
    assert output.getvalue().count("already loaded, left as it is.") == 3


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_every_role_has_a_demo_login_in_every_partnership(demo_partnerships, slug):
    partnership = Partnership.objects.get(slug=slug)
    memberships = Membership.objects.filter(partnership=partnership).select_related("user", "agency")

    by_username = {m.user.username: (m.role, m.agency.short_name if m.agency else None) for m in memberships}

    expected = {
        f"{slug}-manager": (Role.BUSINESS_MANAGER, None),
        f"{slug}-scrutiny": (Role.SCRUTINY, None),
    }
    for agency in partnership.agencies.all():
        expected[f"{slug}-lead-{agency.short_name.lower()}"] = (Role.AGENCY_LEAD, agency.short_name)
    assert by_username == expected
    assert all(authenticate(HttpRequest(), username=name, password=DEMO_PASSWORD) for name in by_username)


def test_demo_logins_are_printed_with_the_password(demo_partnerships):
    assert "darlington-lead-dbc" in demo_partnerships
    assert f"Password: {DEMO_PASSWORD}" in demo_partnerships


def test_demo_logins_of_named_leads_are_linked_to_their_officer(demo_partnerships):
    User = get_user_model()

    assert str(User.objects.get(username="darlington-manager").officer) == "Odetta Sanderson (LSCB Business Manager)"
    assert str(User.objects.get(username="darlington-lead-dbc").officer) == "Jenni Cooke (Assistant Director)"


def test_operator_can_use_the_admin(demo_partnerships):
    operator = authenticate(HttpRequest(), username="demo-operator", password=DEMO_PASSWORD)

    assert operator.is_superuser and operator.is_staff
    assert not operator.memberships.exists()


def test_dates_keep_the_plans_words_and_their_precision(demo_partnerships):
    core_groups = Action.objects.get(
        recommendation__section__plan__partnership__slug="darlington",
        text__startswith="The council should ensure that core group meetings",
    )
    carers = Action.objects.get(text__startswith="The council should improve access for foster carers")

    assert (core_groups.target_text, core_groups.target_date, core_groups.target_precision) == (
        "14th June 2012",
        date(2012, 6, 14),
        "day",
    )
    assert (carers.target_text, carers.target_date, carers.target_precision) == (
        "Sept 2012",
        date(2012, 9, 30),
        "month",
    )


def test_darlington_inspection_judgements_are_kept(demo_partnerships):
    plan = ActionPlan.objects.select_related("inspection").get(partnership__slug="darlington")

    assert [(j.area, j.criterion, j.grade) for j in plan.inspection.judgements.all()] == [
        ("Safeguarding services", "Overall effectiveness", Grade.ADEQUATE),
        ("Safeguarding services", "Capacity for improvement", Grade.ADEQUATE),
        ("Services for Looked After Children", "Overall effectiveness", Grade.ADEQUATE),
        ("Services for Looked After Children", "Capacity for improvement", Grade.ADEQUATE),
    ]
    assert plan.inspection.inspected_text == "November 2011"


def test_the_latest_dated_update_gives_the_current_status(demo_partnerships):
    action = Action.objects.with_progress(date(2012, 7, 31)).get(
        text__startswith="Safeguarding supervision policy to be reviewed"
    )

    assert action.current_status == Status.ONGOING
    assert action.last_update_as_at == "July 2012"
    assert action.progress_updates.count() == 2


def test_banes_ratings_as_at_the_second_review(demo_partnerships):
    review_day = date(2012, 6, 26)
    actions = Action.objects.filter(recommendation__section__plan__partnership__slug="banes").with_progress(review_day)

    reported = Counter(actions.values_list("reported_rag", flat=True))
    derived = Counter(actions.values_list("rag", flat=True))
    overdue = actions.filter(is_overdue=True)

    assert reported == {Rag.AMBER: 20, Rag.GREEN: 5, "": 7}
    assert overdue.count() == 9
    assert derived == {Rag.RED: 9, Rag.AMBER: 15, Rag.GREEN: 3, "": 5}
    assert all(action.target_date < review_day for action in overdue)


def test_cross_references_link_the_actions_the_plan_points_to(demo_partnerships):
    action = Action.objects.get(recommendation__section__plan__partnership__slug="banes", reference="1.15")

    assert sorted(action.cross_references.values_list("reference", flat=True)) == ["1.10", "1.11"]


def test_darlington_plan_is_frozen_as_the_version_it_was_and_keeps_its_cover_report(demo_partnerships):
    version = ActionPlan.objects.get(partnership__slug="darlington").versions.get()
    report = version.cover_report

    assert str(report.signatory) == "Murray Rose (Director of People)"
    assert report.contact.phone == "Ext 2888"
    assert report.implications.count() == 11
    assert report.implications.first().heading == "S17 Crime and Disorder"
    assert (version.label, version.as_at) == ("LSCB Composite Plan July 2012", date(2012, 7, 31))
    assert version.forum.name == "Local Safeguarding Children Board"
