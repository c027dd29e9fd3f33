"""The staff pages, logged in as the demo admin, in German, English and Arabic: no axe
violations and exactly one h1 on each (the jobs page with a failed job, its error and the
button that starts it again)."""

import pytest
from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import Organisation
from app.concepts.models import Chapter, Topic
from app.core import jobs
from app.core.outbox import OutboxMessage
from app.core.time import utcnow
from tests.e2e.helpers import check_page, login, with_lang

STAFF_PAGES = [
    "/admin/",
    "/admin/users/",
    "/admin/users/{user_id}",
    "/admin/organisations/",
    "/admin/organisations/{organisation_id}",
    "/admin/topics/",
    "/admin/topics/new",
    "/admin/topics/{topic_id}",
    "/admin/chapters/",
    "/admin/chapters/{chapter_id}",
    "/admin/audit/",
    "/admin/jobs/",
    "/outbox/",
    "/outbox/{message_id}",
    "/me/profile",
    "/me/password",
    "/organisations/new",
]


@pytest.fixture
def staff_data(app, db, demo):
    """Demo plus what makes the staff pages show their tables: a new (unconfirmed) account with
    its confirmation mail, a pending membership request, audit entries with before/after."""
    newcomer = accounts.register_user(email="neu@example.org", display_name="Neue Person",
                                      password="Ein langer Satz als Passwort")
    organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
    accounts.request_membership(newcomer, organisation, "Ich mache mit.")
    admin = accounts.find_user_by_email(demo.admin)
    accounts.verify_organisation(organisation, False, actor=admin)
    accounts.verify_organisation(organisation, True, actor=admin)
    representative = accounts.find_user_by_email(demo.representative)
    db.session.add(jobs.Job(name="reports.pdf", key="e2e", subject="version:1", state=jobs.FAILED,
                            attempts=4, params={}, queued_at=utcnow(), finished_at=utcnow(),
                            last_error="OSError: [Errno 28] No space left on device"))
    db.session.commit()
    ids = {
        "user_id": representative.id,
        "organisation_id": organisation.id,
        "topic_id": db.session.scalar(select(Topic.id).where(Topic.slug == "sprache")),
        "chapter_id": db.session.scalar(select(Chapter.id).order_by(Chapter.position)),
        "message_id": db.session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id)),
    }
    db.session.rollback()
    return ids


@pytest.mark.parametrize("lang", ["de", "en", "ar"])
def test_staff_pages_are_accessible(page, demo, staff_data, lang):
    login(page, demo.admin, demo.password)
    problems = []
    for path in STAFF_PAGES:
        path = path.format(**staff_data)
        response = page.goto(with_lang(path, lang))
        assert response is not None
        if response.status != 200:
            problems.append(f"{path}: status {response.status}, expected 200")
        assert page.locator("html").get_attribute("lang") == lang
        problems.extend(check_page(page))
    assert not problems, "\n\n".join(problems)
