"""Figures for `make security-report`.

A test module names the security property it proves with `pytest.mark.security("sessions")`.
While the suite runs with ASSURE_SECURITY_RESULTS set to a file path, every such test's outcome
is tallied under its property, and a test may add a figure of its own through the
`security_figure` fixture ("50 threads, 0 changes lost"), or add to a count that many tests share
(`security_figure.count("role x URL x method cases", 12)`). The tallies are written to that file
at the end of the run; scripts/security_report.py turns them into one line per property. Under
pytest-xdist each worker tallies the tests it ran and hands its tally to the controller, which
adds them up and writes the one file (tests/conftest.py).
"""

import json
import os
from collections import defaultdict
from pathlib import Path

RESULTS_VARIABLE = "ASSURE_SECURITY_RESULTS"


def property_of(item) -> str | None:
    marker = item.get_closest_marker("security")
    return marker.args[0] if marker else None


class Tally:
    def __init__(self):
        self.outcomes = defaultdict(lambda: {"passed": 0, "failed": 0, "skipped": 0})
        self.figures = defaultdict(list)
        self.counts = defaultdict(dict)  # property -> {label: total}, in the order first counted

    def record_outcome(self, name: str, report) -> None:
        counts = self.outcomes[name]
        if report.when == "call" or report.outcome != "passed":
            if report.outcome == "passed":
                counts["passed"] += 1
            elif report.outcome == "skipped":
                counts["skipped"] += 1
            else:
                counts["failed"] += 1

    def record_figure(self, name: str, figure: str) -> None:
        self.figures[name].append(figure)

    def add_to_count(self, name: str, label: str, amount: int) -> None:
        self.counts[name][label] = self.counts[name].get(label, 0) + amount

    def as_data(self) -> dict:
        """The tally as plain data, for an xdist worker to send to the controller."""
        return {
            "outcomes": {name: dict(counts) for name, counts in self.outcomes.items()},
            "figures": {name: list(figures) for name, figures in self.figures.items()},
            "counts": {name: dict(counts) for name, counts in self.counts.items()},
        }

    def merge(self, data: dict) -> None:
        """Add another tally's `as_data()` to this one."""
        for name, counts in data["outcomes"].items():
            for outcome, amount in counts.items():
                self.outcomes[name][outcome] += amount
        for name, figures in data["figures"].items():
            self.figures[name].extend(figures)
        for name, counts in data["counts"].items():
            for label, amount in counts.items():
                self.add_to_count(name, label, amount)

    def figures_of(self, name: str) -> list[str]:
        counted = [f"{total:,} {label}" for label, total in self.counts.get(name, {}).items()]
        return counted + self.figures.get(name, [])

    def write(self, path: Path, database: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        names = sorted(set(self.outcomes) | set(self.figures) | set(self.counts))
        payload = {
            "database": database,
            "properties": {name: {**self.outcomes[name], "figures": self.figures_of(name)} for name in names},
        }
        path.write_text(json.dumps(payload, indent=2))


tally = Tally()


def results_path() -> Path | None:
    value = os.environ.get(RESULTS_VARIABLE)
    return Path(value) if value else None
