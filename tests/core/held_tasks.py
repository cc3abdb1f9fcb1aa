"""A task for the worker's tests: it notes each attempt, waits until the test opens its gate (a
file), then runs a real task. The test kills the worker while the first attempt waits."""

import time
from pathlib import Path

from django.utils.module_loading import import_string
from django_tasks import task


@task()
def held(gate: str, then: str, args: list) -> None:
    gate_file = Path(gate)
    with gate_file.with_suffix(".attempts").open("a") as attempts:
        attempts.write("attempt\n")
    while not gate_file.exists():
        time.sleep(0.05)
    import_string(then).call(*args)
