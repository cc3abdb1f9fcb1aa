from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from actionplans.models import Action, Rag, Status
from actionplans.rag import ProgressNotAnnotated, RagAssessment, RagReason, time_since
from tests.factories import ActionFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def assessed(action, today=None) -> RagAssessment:
    return RagAssessment.of(Action.objects.with_progress(today).get(pk=action.pk))


@pytest.mark.parametrize(
    "target, today, overdue",
    [
        ("14th June 2012", date(2012, 6, 13), False),
        ("14th June 2012", date(2012, 6, 14), False),
        ("14th June 2012", date(2012, 6, 15), True),
        ("June 2012", date(2012, 6, 1), False),
        ("June 2012", date(2012, 6, 30), False),
        ("June 2012", date(2012, 7, 1), True),
        ("2012/13", date(2013, 3, 31), False),
        ("2012/13", date(2013, 4, 1), True),
        ("Ongoing", date(2030, 1, 1), False),
        ("Within 3 months", date(2030, 1, 1), False),
        ("", date(2030, 1, 1), False),
    ],
)
def test_action_not_completed_is_overdue_only_after_its_target_date(target, today, overdue):
    action = ActionFactory(target=target)
    ProgressUpdateFactory(action=action, as_at="May 2012", status=Status.ONGOING)

    assessment = assessed(action, today)

    assert assessment.is_overdue is overdue
    assert (assessment.reason == RagReason.OVERDUE) is overdue
    assert (assessment.rag == Rag.RED) is overdue


def test_a_month_only_target_is_not_overdue_on_the_first_of_that_month():
    action = ActionFactory(target="September 2012")

    assert not assessed(action, date(2012, 9, 1)).is_overdue
    assert assessed(action, date(2012, 10, 1)).is_overdue


def test_completed_action_is_never_overdue_and_counts_as_green_when_unrated():
    action = ActionFactory(target="14th June 2012")
    ProgressUpdateFactory(action=action, as_at="July 2012", status=Status.COMPLETED)

    assessment = assessed(action, date(2020, 1, 1))

    assert assessment.reason == RagReason.COMPLETE
    assert not assessment.is_overdue
    assert assessment.rag == Rag.GREEN
    assert assessment.explanation == (
        "Green: on track. The update of July 2012 reports it completed and gives no rating, so it counts as on track."
        " The completion is awaiting assurance."
    )


def test_blue_rating_means_complete_and_assured():
    action = ActionFactory(target="June 2012")
    ProgressUpdateFactory(action=action, as_at="July 2012", rag=Rag.BLUE)

    assessment = assessed(action, date(2013, 1, 1))

    assert (assessment.reason, assessment.rag, assessment.is_overdue) == (
        RagReason.COMPLETE,
        Rag.BLUE,
        False,
    )
    assert assessment.label == "Blue: complete and assured"
    assert assessment.explanation == "Blue: complete and assured. The update of July 2012 rates it Blue."


def test_overdue_action_is_red_whatever_the_last_update_said():
    action = ActionFactory(target="June 2012")
    ProgressUpdateFactory(action=action, as_at="June 2012", rag=Rag.GREEN, status=Status.ONGOING)

    assessment = assessed(action, date(2012, 7, 1))

    assert assessment.rag == Rag.RED
    assert assessment.reported_rag == Rag.GREEN
    assert assessment.explanation == (
        "Red: off track. It is overdue: the target date (June 2012) has passed and no update "
        "reports it completed. The latest update rated it Green."
    )


def test_rating_in_the_latest_update_stands_while_the_action_is_not_overdue():
    action = ActionFactory(target="December 2012")
    ProgressUpdateFactory(action=action, as_at="June 2012", rag=Rag.AMBER)

    assessment = assessed(action, date(2012, 7, 1))

    assert (assessment.reason, assessment.rag) == (RagReason.REPORTED, Rag.AMBER)
    assert assessment.label == "Amber: at risk"
    assert assessment.explanation == "Amber: at risk, as rated in the update of June 2012."


def test_action_without_a_rating_and_not_overdue_is_not_rated():
    action = ActionFactory(target="Ongoing")

    assessment = assessed(action, date(2012, 7, 1))

    assert (assessment.reason, assessment.rag, assessment.label) == (
        RagReason.NOT_RATED,
        "",
        "Not rated",
    )
    assert assessment.explanation == ("Not rated: no update has given a RAG rating yet, and the action is not overdue.")


def test_the_latest_update_by_date_gives_the_current_status_and_older_ones_are_kept():
    action = ActionFactory(target="June 2012")
    ProgressUpdateFactory(action=action, as_at="", status=Status.COMPLETED, note="undated and oldest")
    ProgressUpdateFactory(action=action, as_at="July 2012", status=Status.ONGOING, rag=Rag.AMBER)
    ProgressUpdateFactory(action=action, as_at="Update June 12", status=Status.UNDERWAY)

    current = Action.objects.with_progress(date(2012, 6, 1)).get(pk=action.pk)

    assert (current.current_status, current.reported_rag) == (Status.ONGOING, Rag.AMBER)
    assert current.last_update_on == date(2012, 7, 31)
    assert action.progress_updates.count() == 3


def test_two_updates_on_the_same_day_are_ordered_by_when_they_were_recorded():
    action = ActionFactory()
    ProgressUpdateFactory(action=action, as_at="July 2012", rag=Rag.RED)
    ProgressUpdateFactory(action=action, as_at="July 2012", rag=Rag.GREEN)

    assert Action.objects.with_progress(date(2012, 7, 1)).get(pk=action.pk).reported_rag == Rag.GREEN


@time_machine.travel(datetime(2012, 7, 1, 0, 30, tzinfo=LONDON), tick=False)
def test_today_is_the_date_in_england_not_utc():
    # 00:30 on 1 July in London is still 30 June in UTC.
    action = ActionFactory(target="June 2012")

    assert assessed(action).is_overdue


@time_machine.travel(datetime(2012, 6, 30, 23, 30, tzinfo=LONDON), tick=False)
def test_an_action_due_this_month_is_not_overdue_on_its_last_evening():
    action = ActionFactory(target="June 2012")

    assert not assessed(action).is_overdue


def test_overdue_queryset_holds_exactly_the_overdue_actions():
    late = ActionFactory(target="June 2012")
    done = ActionFactory(target="June 2012")
    ProgressUpdateFactory(action=done, status=Status.COMPLETED)
    ActionFactory(target="December 2012")
    ActionFactory(target="Ongoing")

    assert list(Action.objects.overdue(date(2012, 8, 1))) == [late]
    assert list(Action.objects.completed(date(2012, 8, 1))) == [done]


def test_assessing_an_action_fetched_without_progress_says_how_to_fetch_it():
    action = ActionFactory()

    with pytest.raises(ProgressNotAnnotated, match="with_progress"):
        RagAssessment.of(Action.objects.get(pk=action.pk))


@pytest.mark.parametrize(
    "deadline, today, said",
    [
        (date(2012, 6, 30), date(2012, 7, 1), "1 day"),
        (date(2012, 6, 30), date(2012, 7, 10), "10 days"),
        (date(2012, 6, 30), date(2012, 8, 10), "5 weeks"),
        (date(2012, 6, 30), date(2012, 10, 31), "4 months"),
        (date(2012, 6, 30), date(2015, 7, 1), "3 years"),
    ],
)
def test_how_long_an_action_has_been_overdue_is_said_in_the_largest_whole_unit(deadline, today, said):
    assert time_since(deadline, today) == said


def test_an_overdue_action_says_how_long_it_has_been_overdue():
    action = ActionFactory(target="December 2099")

    assert assessed(action, date(2100, 4, 15)).overdue_by == "3 months"
    assert assessed(action, date(2099, 12, 1)).overdue_by == ""
