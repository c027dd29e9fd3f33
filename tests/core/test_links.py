"""Every link on every page a role reads opens for that role: no 403, no 404 (issue 16).

The crawl of tests/core/test_fuzz.py (made once per test session, shared by the xdist
workers) notes the links (a[href] to the app) of each role's pages; this test requests, as
that role, each link the crawl did not request itself, except the downloads in
LINKS_NOT_WALKED. Admins, whose crawl skips the pages moderators see, read those pages here.
A page must offer only what its reader may do and say why not otherwise.
"""

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


@pytest.mark.parametrize("role", [role for role, _ in ROLES])
def test_every_link_opens_for_its_reader(app, role, crawl_folder,  # noqa: F811
                                         job_worker):
    load_demo_copy()
    crawled = crawled_links(app, demo_people(), crawl_folder)
    links = crawled[role]
    client = app.test_client()
    _log_in(client, dict(ROLES)[role])
    failures = []
    if role in SEES_MORE_THAN:  # its crawl skipped the other role's pages: read them here
        links.read_too(client, crawled[SEES_MORE_THAN[role]].read, failures)
    broken = links.walk(app, client, failures)
    assert len(links.source) > 20, "the crawl found hardly any links"
    assert not failures, failures[:10]
    assert not broken, f"{len(broken)} links answer {role} with 403/404:\n" + "\n".join(
        f"  {status} {link} (linked from {page})" for link, status, page in broken)
