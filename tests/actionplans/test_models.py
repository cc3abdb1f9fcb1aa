from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actionplans.loose_dates import LooseDate, Precision, loose_date
from actionplans.models import Action, Recommendation, Timeframe, timeframe_from_words
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    InspectionFactory,
    RecommendationFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def test_a_loose_date_is_read_and_written_as_one_value():
    action = ActionFactory()

    action.target = loose_date("Sept 2012")
    action.save()
    action.refresh_from_db()

    assert action.target == LooseDate("Sept 2012", date(2012, 9, 30), Precision.MONTH)
    assert (action.target_text, action.target_date, action.target_precision) == (
        "Sept 2012",
        date(2012, 9, 30),
        "month",
    )


@pytest.mark.parametrize("target_date, precision", [(date(2012, 6, 30), ""), (None, "month")])
def test_a_date_always_has_a_precision_and_a_precision_a_date(target_date, precision):
    action = ActionFactory()
    action.target_date, action.target_precision = target_date, precision

    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()


@pytest.mark.parametrize(
    "words, timeframe, by_date",
    [
        ("IMMEDIATE", Timeframe.IMMEDIATE, None),
        ("(Immediate)", Timeframe.IMMEDIATE, None),
        ("Within 3 Months", Timeframe.WITHIN_3_MONTHS, None),
        ("(3 months)", Timeframe.WITHIN_3_MONTHS, None),
        ("(Within 6 months)", Timeframe.WITHIN_6_MONTHS, None),
        ("July 2012", Timeframe.BY_DATE, date(2012, 7, 31)),
        ("", Timeframe.NOT_STATED, None),
        ("Ongoing", Timeframe.NOT_STATED, None),
    ],
)
def test_timeframe_is_read_from_the_plans_words(words, timeframe, by_date):
    assert timeframe_from_words(words) == (timeframe, by_date)


def test_a_by_date_timeframe_needs_its_date_and_only_it_has_one():
    section = SectionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(section=section, text="x", timeframe=Timeframe.BY_DATE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(
            section=section,
            text="x",
            timeframe=Timeframe.IMMEDIATE,
            timeframe_date=date(2012, 7, 1),
        )


def test_statutory_deadline_for_the_written_plan_is_70_working_days_after_publication():
    inspection = InspectionFactory(published_on=date(2012, 1, 6))

    assert inspection.plan_deadline == date(2012, 4, 17)
    assert InspectionFactory(published_on=None).plan_deadline is None


@pytest.mark.parametrize(
    "timeframe, by_date, due",
    [
        (Timeframe.IMMEDIATE, None, date(2012, 1, 6)),
        (Timeframe.WITHIN_3_MONTHS, None, date(2012, 4, 6)),
        (Timeframe.WITHIN_6_MONTHS, None, date(2012, 7, 6)),
        (Timeframe.BY_DATE, date(2012, 9, 30), date(2012, 9, 30)),
        (Timeframe.NOT_STATED, None, None),
    ],
)
def test_recommendation_is_due_its_timeframe_after_publication(timeframe, by_date, due):
    recommendation = RecommendationFactory(
        section__plan__inspection__published_on=date(2012, 1, 6),
        timeframe=timeframe,
        timeframe_date=by_date,
    )

    assert recommendation.due_date == due


def test_recommendation_due_date_waits_for_the_publication_date():
    recommendation = RecommendationFactory(timeframe=Timeframe.WITHIN_3_MONTHS)

    assert recommendation.section.plan.inspection.published_on is None
    assert recommendation.due_date is None


def test_an_action_answers_to_an_agency_of_its_own_partnership():
    action = ActionFactory()
    action.agency = AgencyFactory()

    with pytest.raises(ValidationError, match="agency must belong to the plan's partnership"):
        action.full_clean()


def test_an_action_with_no_text_yet_says_so():
    action = ActionFactory(reference="3", text="")

    assert str(action) == "3 (no action written yet)"


def test_recommendation_practice_standards_are_one_per_line():
    recommendation = RecommendationFactory(practice_standards="Working Together 2010\nSWCP Procedures\n\n")

    assert recommendation.practice_standard_list == ["Working Together 2010", "SWCP Procedures"]


def test_actions_come_in_plan_order():
    first = ActionFactory(position=1)
    earlier = ActionFactory(recommendation=first.recommendation, position=0)

    assert list(Action.objects.filter(recommendation=first.recommendation).in_plan_order()) == [
        earlier,
        first,
    ]
