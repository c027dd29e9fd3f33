"""Every public page in German, English and Arabic: no axe violations, exactly one h1."""

import pytest
from sqlalchemy import select

from app.accounts.models import Organisation
from tests.e2e.helpers import check_page, with_lang

PUBLIC_PAGES = [
    "/",
    "/topics/sprache",
    "/topics/antidiskriminierung",
    "/concept/",
    "/concept/chapters/vorwort",
    "/organisations/",
    "/organisations/{organisation_id}",
    "/auth/login",
    "/auth/register",
    "/auth/forgot",
    "/privacy",
    "/imprint",
    "/accessibility",
    "/help",
]


@pytest.mark.parametrize("lang", ["de", "en", "ar"])
def test_public_pages_are_accessible(page, demo, db, lang):
    organisation_id = db.session.scalar(select(Organisation.id).order_by(Organisation.id))
    pages = [(p.format(organisation_id=organisation_id), 200) for p in PUBLIC_PAGES]
    pages.append(("/no-such-page", 404))
    problems = []
    for path, status in pages:
        response = page.goto(with_lang(path, lang))
        assert response is not None
        if response.status != status:
            problems.append(f"{path}: status {response.status}, expected {status}")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        problems.extend(check_page(page))
    assert not problems, "\n\n".join(problems)
