"""`make loadtest` (scripts/loadtest.py) sends its traffic to this machine only, bounded in users
and time, and reports each page's rate and percentiles from Locust's statistics."""

import pytest

from scripts.loadtest import Refused, figures_table, page_figures, settings_from


def test_the_defaults_are_200_users_for_5_minutes_against_the_local_service():
    run = settings_from({})

    assert (run["host"], run["users"], run["run_time"]) == ("http://127.0.0.1:8100", 200, "5m")


@pytest.mark.parametrize(
    "environment, refusal",
    [
        ({"LOADTEST_HOST": "https://assure.example.gov.uk"}, "must be this machine"),
        ({"LOADTEST_HOST": "http://127.0.0.1.example.org:8100"}, "must be this machine"),
        ({"LOADTEST_HOST": "http://10.0.0.5:8100"}, "must be this machine"),
        ({"LOADTEST_USERS": "5000"}, "between 1 and 1000"),
        ({"LOADTEST_USERS": "many"}, "whole number"),
        ({"LOADTEST_TIME": "2h"}, "at most an hour"),
        ({"LOADTEST_TIME": "forever"}, "at most an hour"),
    ],
)
def test_it_refuses_other_hosts_and_unbounded_runs(environment, refusal):
    with pytest.raises(Refused, match=refusal):
        settings_from(environment)


def test_each_pages_rate_and_percentiles_come_from_locusts_statistics(tmp_path):
    stats = tmp_path / "stats_stats.csv"
    stats.write_text(
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
        "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
        "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
        "GET,dashboard,40,1,120,130,80,400,9000,2.5,0.1,120,130,140,150,200,250,300,380,400,400,400\n"
    )

    figures = page_figures(stats)

    assert figures == [
        {
            "page": "dashboard",
            "requests": 40,
            "failures": 1,
            "per_second": 2.5,
            "p50": "120",
            "p95": "250",
            "p99": "380",
        }
    ]
    assert "dashboard" in figures_table(figures).splitlines()[1]
