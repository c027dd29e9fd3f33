"""Every link on every page a role reads opens for that role: no 403, no 404 (issue 16).

The crawl of tests/core/test_fuzz.py (made once per test session, shared by the xdist
workers) notes the links (a[href] to the app) of each role's pages; this test requests, as
that role, each link the crawl did not request itself, except the downloads in
LINKS_NOT_WALKED. Admins, whose crawl skips the pages moderators see, read those pages here;
the links that opened for moderators are not asked again as an admin (an admin may all that a
moderator may: tests/core/test_permissions.py). Each role's walk is made once per test
session, like the crawl, by whichever worker needs it first.
A page must offer only what its reader may do and say why not otherwise.
"""

import fcntl
import json

import pytest

from tests.core.test_fuzz import (  # noqa: F401 - crawl_folder is a fixture
    ROLES,
    SEES_MORE_THAN,
    _log_in,
    crawl_folder,
    crawled_links,
    demo_people,
)
from tests.demo_copy import load_demo_copy


def _walked(app, role: str, folder) -> dict:
    """The walk of `role`'s links, made once per test session for all its workers (under a
    file lock, as the crawl): {"links": how many, "failures": [...], "broken": [...],
    "status": {link: status}}. A role that sees more than another (SEES_MORE_THAN) reads
    that role's pages too, and does not ask again for the links that opened for it."""
    with open(folder / f"links-walk-{role}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stored = folder / f"links-walk-{role}.json"
        if stored.exists():
            return json.loads(stored.read_text())
        crawled = crawled_links(app, demo_people(), folder)
        links, failures, opened_for = crawled[role], [], None
        client = app.test_client()
        _log_in(client, dict(ROLES)[role])
        if role in SEES_MORE_THAN:
            less = SEES_MORE_THAN[role]
            links.read_too(client, crawled[less].read, failures)
            opened_for = _walked(app, less, folder)["status"]
        broken = links.walk(app, client, failures, opened_for=opened_for)
        walked = {"links": len(links.source), "failures": failures, "broken": broken,
                  "status": links.status}
        stored.write_text(json.dumps(walked))
        return walked


@pytest.mark.parametrize("role", [role for role, _ in ROLES])
def test_every_link_opens_for_its_reader(app, role, crawl_folder,  # noqa: F811
                                         job_worker):
    load_demo_copy()
    walked = _walked(app, role, crawl_folder)
    assert walked["links"] > 20, "the crawl found hardly any links"
    assert not walked["failures"], walked["failures"][:10]
    broken = walked["broken"]
    assert not broken, f"{len(broken)} links answer {role} with 403/404:\n" + "\n".join(
        f"  {status} {link} (linked from {page})" for link, status, page in broken)


def test_only_the_language_choice_reads_the_lang_argument():
    """The walk takes a link of the language switcher (a page with ?lang=) to answer as its
    page (`Links.walk`). That holds while only `app.core.i18n` reads the argument, to choose
    the translations: no view or template may answer ?lang= otherwise."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    reads = re.compile(r"""request\.args(\.get\(\s*|\[\s*|\.)["']?lang\b"""
                       r"""|["']lang["']\s+in\s+request""")
    readers = {path.relative_to(root).as_posix()
               for folder in ("app", "templates") for path in (root / folder).rglob("*")
               if path.suffix in (".py", ".html") and reads.search(path.read_text())}
    assert readers == {"app/core/i18n.py"}
