"""A recommendation's first words read as its timeframe and the agencies it addresses."""

import pytest

from imports.cells import read_recommendation


@pytest.mark.parametrize(
    "words, timeframe",
    [
        ("IMMEDIATE Ensure that referrals are acknowledged.", "IMMEDIATE"),
        ("Within 3 months: Ensure that referrals are acknowledged.", "Within 3 months"),
        ("Within 6 weeks - Ensure that referrals are acknowledged.", "Within 6 weeks"),
        ("(3 months) Ensure that referrals are acknowledged.", "(3 months)"),
    ],
)
def test_a_timeframe_written_before_the_recommendation_is_its_timeframe(words, timeframe):
    read = read_recommendation(words, set())

    assert (read.timeframe, read.text) == (timeframe, "Ensure that referrals are acknowledged.")


def test_words_that_only_start_like_a_timeframe_stay_in_the_text():
    read = read_recommendation("Within the month the council should act.", set())

    assert (read.timeframe, read.text) == ("", "Within the month the council should act.")
