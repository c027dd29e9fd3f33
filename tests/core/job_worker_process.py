"""A job worker process for tests/core/test_jobs.py: `python -m tests.core.job_worker_process
DATABASE_URL REDIS_URL NAMESPACE`. Like `flask jobs worker`, plus the tests' own jobs, with a
heartbeat of one second so that a killed worker is noticed at once."""

import signal
import sys
import threading

import tests.core.job_tasks  # noqa: F401  (declares the tests' jobs before the app is made)
from app import create_app
from config import TestingConfig


def main() -> None:
    database_url, redis_url, namespace = sys.argv[1:4]
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     JOBS_REDIS_URL=redis_url, JOBS_NAMESPACE=namespace,
                     JOBS_HEARTBEAT_SECONDS=1, JOBS_MAINTENANCE_CHANCE=1_000_000)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    runtime = app.extensions["kw_jobs"]
    runtime.start_worker(1, periodic=False)
    print("ready", flush=True)
    stop.wait(120)  # bounded: a test that forgot it does not leave it behind for long
    runtime.stop_worker()


if __name__ == "__main__":
    main()
