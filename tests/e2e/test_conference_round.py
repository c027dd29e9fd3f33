"""Issue 13, the next cycle: staff open a round for the integration conference from the
adopted version; a participant comments on a measure's progress through the link on the
measure's page; the comment appears on the measure's page and in the workbench; the home page
shows the cycle. Every page visited is checked with axe, in German and in Arabic."""

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.contributions.models import Contribution
from app.extensions import db
from app.rounds.models import Round
from tests.e2e.helpers import assert_accessible, login, visit, with_lang
from tests.factories import PASSWORD
from tests.implementation.conftest import adopt, build_draft

TITLE = "Integrationskonferenz: Stand der Sprachkurse"
REMARK = "Die Abendkurse sind voll"
BODY = "In Singen warten zwanzig Frauen auf einen Platz; eine zweite Gruppe wäre nötig."


@pytest.fixture
def others(browser, live_server):
    """Two more browsers with their own cookies: the participant and the public."""
    pages = [browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
             for _ in range(2)]
    for other in pages:
        other.set_default_timeout(10_000)
    yield pages
    for other in pages:
        other.context.close()


@pytest.fixture
def seeded(app, make_user, make_concept):
    s = SimpleNamespace()
    s.moderator = make_user(roles={"moderator"}, display_name="Mara Moderation",
                            email="mara@example.org")
    s.participant = make_user(display_name="Lena M.", email="lena@example.org")
    concept = make_concept()
    s.draft = build_draft(concept, s.moderator)
    s.version = adopt(concept, s.moderator)
    db.session.commit()
    return s


def test_conference_round_journey(page, others, seeded):
    s = seeded
    measure = s.draft.measures[0]

    # staff open the round from the adopted version
    login(page, "mara@example.org", PASSWORD)
    visit(page, "/implementation/")
    page.get_by_role("link", name="Runde zur Integrationskonferenz eröffnen").click()
    assert_accessible(page)
    expect(page.locator("h1")).to_have_text("Runde zur Integrationskonferenz eröffnen")
    expect(page.locator("main")).to_contain_text("Fassung 1")
    visit(page, with_lang("/implementation/conference/new", "ar"))
    visit(page, with_lang("/implementation/conference/new", "de"))
    page.locator("#title").fill(TITLE)
    page.get_by_role("button", name="Runde eröffnen").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Runde zur Integrationskonferenz")
    db.session.rollback()  # see what the server wrote
    round_ = db.session.scalar(select(Round).where(Round.title == TITLE))
    assert round_.adoption_id == s.version.adoptions[0].id

    # a participant comments on the measure's progress from its page
    lena, public = others
    login(lena, "lena@example.org", PASSWORD)
    visit(lena, f"/implementation/measures/{measure.id}")
    lena.get_by_role("link", name="Zum Stand dieser Maßnahme beitragen").click()
    assert_accessible(lena)
    expect(lena.locator("#item")).to_have_value(str(measure.id))
    lena.locator("#title").fill(REMARK)
    lena.locator("#body").fill(BODY)
    lena.get_by_role("button", name="Beitrag einreichen").click()
    expect(lena.locator("h1")).to_contain_text(REMARK)
    assert_accessible(lena)
    db.session.rollback()
    remark = db.session.scalar(select(Contribution).where(Contribution.title == REMARK))
    assert remark.kind == "remark" and remark.item_id == measure.id

    # it appears on the measure's page, for everyone, in German and Arabic
    for lang in ("de", "ar"):
        visit(public, with_lang(f"/implementation/measures/{measure.id}", lang))
        expect(public.locator("#conference")).to_contain_text(REMARK)
        expect(public.locator("#conference")).to_contain_text(BODY)
        visit(public, with_lang(f"/rounds/{round_.id}", lang))
        expect(public.locator("main")).to_contain_text(REMARK)
        visit(public, with_lang("/", lang))
        expect(public.locator("#process")).to_contain_text(TITLE)
        visit(lena, with_lang(f"/rounds/{round_.id}/contribute?item={measure.id}", lang))

    # and in the workbench, where staff consolidate it into the next version
    visit(page, f"/workbench/{measure.topic.slug}")
    expect(page.locator("main")).to_contain_text(remark.reference)
    visit(page, with_lang(f"/concept/items/{measure.id}", "ar"))
    expect(page.locator("main")).to_contain_text(REMARK)
    visit(page, with_lang(f"/concept/items/{measure.id}", "de"))
