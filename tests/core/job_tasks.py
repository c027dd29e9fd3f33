"""Jobs that only the tests declare (imported before the app is made, by the tests and by the
worker process that tests/core/test_jobs.py starts and kills)."""

import os
from pathlib import Path

from app.core import jobs

CALLS: list[dict] = []  # in-process runs: the params of each call


@jobs.task("tests.note", max_retries=2)
def note(**params) -> None:
    CALLS.append(params)


@jobs.task("tests.flaky", max_retries=2)
def flaky(*, failures: int, label: str) -> None:
    """Fails the first `failures` times it runs (counted per label), then succeeds."""
    CALLS.append({"label": label})
    if sum(1 for call in CALLS if call.get("label") == label) <= failures:
        raise RuntimeError(f"failure {label}")


@jobs.task("tests.slow", max_retries=0)
def slow(*, folder: str) -> None:
    """Leaves `started-<pid>` in `folder`, then waits (bounded) for `release` there, then
    leaves `done-<pid>`: a job that a test can kill its worker in the middle of."""
    base = Path(folder)
    (base / f"started-{os.getpid()}").write_text("")
    for _ in range(6000):  # at most 60 s; the test kills the worker long before
        if (base / "release").exists():
            break
        import time

        time.sleep(0.01)
    (base / f"done-{os.getpid()}").write_text("")
