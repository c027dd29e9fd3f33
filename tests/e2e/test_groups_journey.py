"""Issue 17 journey: a moderator opens "Ähnliche gruppieren" for the demo's Sprache cards. The
first proposed group holds only the cards that ask for evening and Saturday courses, says how
sure it is, and offers the cards that fit less well unticked; she confirms the group in one
step and sees the result. Every page visited is checked with axe."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.contributions.models import Contribution
from tests.e2e.helpers import assert_accessible, login, visit

# The demo's Sprache cards of one idea: courses in the evening or on Saturdays for people who
# work in the daytime (Oksana's online contribution and four cards of the dialogue event).
EVENING = ["Deutschkurs am Abend für Menschen mit Arbeit",
           "Sprachkurse auch am Abend und am Samstag",
           "Deutsch lernen am Abend oder am Wochenende",
           "Deutschkurs nach der Arbeit",
           "Kurse am Abend + Wochenende"]
# Cards about German at work: close in words, but another idea.
AT_WORK = ["Deutsch direkt im Betrieb lernen", "Einfache Sprache: Kurs für Deutsch im Beruf"]


def test_confirm_the_first_proposed_group(browser, live_server, context, page, db, demo):
    context.set_default_navigation_timeout(60_000)  # the first visit computes sentence vectors
    login(page, demo.moderator, demo.password)
    visit(page, "/workbench/sprache")
    page.get_by_role("link", name="Ähnliche gruppieren").first.click()
    expect(page).to_have_url(re.compile(r"/workbench/sprache/groups$"))
    assert_accessible(page)

    first = page.locator("section.group").first
    expect(first.get_by_role("heading", level=2)).to_contain_text("Gruppe 1 (5 Beiträge)")
    expect(first.locator(".badge--confidence")).to_have_text("sehr sicher")
    expect(first.locator(".group__confidence")).to_contain_text(
        re.compile(r"stimmen im Durchschnitt zu \d+ % überein"))
    proposed = first.locator("ul.workbench-list").first
    ticked = proposed.get_by_role("checkbox")
    expect(ticked).to_have_count(len(EVENING))
    for title in EVENING:
        expect(proposed.get_by_role("checkbox", name=re.compile(re.escape(title)))).to_be_checked()
    for title in AT_WORK:  # offered below, not ticked
        expect(proposed.get_by_text(title)).to_have_count(0)
        box = first.locator(".group__possible").get_by_role(
            "checkbox", name=re.compile(re.escape(title)))
        expect(box).not_to_be_checked()

    first.get_by_role("button", name="Gruppe bestätigen").click()
    expect(page).to_have_url(re.compile(r"/workbench/sprache/groups$"))
    expect(page.locator(".flashes")).to_contain_text(
        re.compile(r"Gruppe bestätigt: 4 Beiträge sind als Dublette von B-\d{4} markiert\."))
    assert_accessible(page)
    # The confirmed duplicates left the proposals; the oldest (Oksana's online contribution)
    # is the original and stays open for consolidation.
    for title in EVENING[1:]:
        expect(page.locator("section.group").get_by_text(title)).to_have_count(0)

    db.session.rollback()
    evening = [c for c in db.session.scalars(select(Contribution))
               if any(c.title.startswith(t) for t in EVENING)]
    assert len(evening) == len(EVENING)
    original = min(evening, key=lambda c: c.id)
    assert original.title.startswith(EVENING[0])
    assert original.outcome == "pending"
    assert sorted(c.outcome for c in evening if c is not original) == ["duplicate"] * 4
    assert {c.duplicate_of_id for c in evening if c is not original} == {original.id}
    at_work = [c for c in db.session.scalars(select(Contribution))
               if any(c.title.startswith(t) for t in AT_WORK)]
    assert [c.outcome for c in at_work] == ["pending"] * len(AT_WORK)
