"""The random tests draw the same examples on every run under `make test` and CI, and new ones
under `make fuzz` (the hypothesis profiles in tests/conftest.py)."""

import os

from hypothesis import settings

from tests.conftest import hypothesis_profile


def test_ci_draws_the_same_examples_whatever_else_is_set():
    assert hypothesis_profile({"CI": "true"}) == "ci"
    assert hypothesis_profile({"CI": "true", "HYPOTHESIS_PROFILE": "fuzz"}) == "ci"
    assert settings.get_profile("ci").derandomize is True
    assert settings.get_profile("ci").database is None


def test_make_test_draws_the_same_examples_and_make_fuzz_new_ones():
    assert hypothesis_profile({}) == "ci"
    assert hypothesis_profile({"HYPOTHESIS_PROFILE": "fuzz"}) == "fuzz"
    assert settings.get_profile("fuzz").derandomize is False
    assert settings.get_profile("fuzz").max_examples > settings.get_profile("ci").max_examples


def test_the_profile_in_force_is_the_one_chosen():
    chosen = settings.get_profile(hypothesis_profile(os.environ))

    assert settings.default.derandomize == chosen.derandomize
    assert settings.default.max_examples == chosen.max_examples
