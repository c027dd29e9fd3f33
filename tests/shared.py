"""What the processes of one test run share: the xdist workers of a suite, and in CI the
SQLite and the PostgreSQL suite, which run at the same time (.ci/run)."""

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

SHARED = "KW_TEST_SHARED"  # the run's folder; tests/conftest.py makes one when it is not set
RUN = "KW_TEST_RUN"  # one suite's run (its controller's process id), of which there may be two


def shared_folder(name: str) -> Path:
    """A folder of this test run that its processes share: what one of them worked out is read
    by the others instead of being worked out again. Only results that depend on nothing but
    their key go there: axe's violations by document state (tests/e2e/helpers.py), PDFs by
    their HTML (app/reports/pdf.py)."""
    root = os.environ.get(SHARED) or tempfile.mkdtemp(prefix="kw-tests-shared-")
    os.environ[SHARED] = root
    folder = Path(root) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def add_counts(name: str, counts: dict[str, int]) -> None:
    """Leave this process's counts of `name` for its run's summary (`count_of_run`)."""
    folder = shared_folder(f"counts-{name}-{os.environ.get(RUN, 'none')}")
    (folder / f"{os.getpid()}.json").write_text(json.dumps(counts))


def count_of_run(name: str) -> dict[str, int]:
    """The counts of `name` that the processes of this run left, added up."""
    total = Counter()
    for path in shared_folder(f"counts-{name}-{os.environ.get(RUN, 'none')}").glob("*.json"):
        total.update(json.loads(path.read_text()))
    return dict(total)


def redis_url(what: str) -> str:
    """TEST_REDIS_URL, the Redis that tests of `what` use; skips them without it (fails in CI,
    which must run them)."""
    import pytest

    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"TEST_REDIS_URL is not set: CI must test {what} in Redis")
        pytest.skip(f"set TEST_REDIS_URL=redis://127.0.0.1:6379/5 to test {what} in Redis")
    return url
