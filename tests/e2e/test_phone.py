"""Phones (issue 16): no page is wider than a phone of 390 px, and an Arabic-speaking
participant reads the help, contributes and finds what became of her idea on one.

The pages are those of the fuzz crawl (tests/core/test_fuzz.py, made once per test session):
one page per route, opened as the least privileged role whose crawl read it, in German, each
checked with axe at the phone's width too; the pages issue 16 named are opened in German and
Arabic as the roles that saw them overflow.
"""

import re
import time

from playwright.sync_api import expect
from sqlalchemy import select

from app.rounds.models import Round
from tests.core.test_fuzz import (  # noqa: F401 - crawl_folder is a fixture
    ROLES,
    crawl_folder,
    crawled_links,
    demo_people,
)
from tests.e2e.helpers import assert_accessible, check_page, login, visit, with_lang

PHONE = {"width": 390, "height": 844}
# How much wider than the screen a page may be (rounding of sub-pixel layouts).
TOLERANCE = 1
WIDTH = """() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"""
# What sticks out, for the failure message: elements beyond the screen's edges that no
# scrolling box of their own contains.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const scrolls = e => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX);
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || (r.right <= width + 1 && r.left >= -1)) continue;
    let p = e.parentElement;
    while (p && p !== document.body && !scrolls(p)) p = p.parentElement;
    if (p && p !== document.body) continue;
    const name = `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`;
    found.push(`${name} ${Math.round(r.left)}..${Math.round(r.right)}`);
    if (found.length === 5) break;
  }
  return found;
}"""


def overflow(page) -> str | None:
    """None if the page fits the screen, else what sticks out."""
    scroll_width, client_width = page.evaluate(WIDTH)
    if scroll_width <= client_width + TOLERANCE:
        return None
    return (f"{page.url}: {scroll_width} px wide on a {client_width} px screen: "
            f"{page.evaluate(STICKING_OUT)}")


def phone(browser, live_server, role: str, demo, locale="de-DE"):
    """A page of a phone-sized browser, logged in as the demo account of `role`."""
    context = browser.new_context(base_url=live_server.url, locale=locale, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    if role != "anonymous":
        login(page, dict(ROLES)[role], demo.password)
    return page


def invited_round_ids(db) -> list[int]:
    db.session.rollback()
    return list(db.session.scalars(select(Round.id).where(Round.audience == "invited")
                                   .order_by(Round.id)))


def test_no_page_of_the_crawl_is_wider_than_a_phone(browser, live_server, app, demo, db,
                                                    crawl_folder):  # noqa: F811
    started = time.perf_counter()
    links = crawled_links(app, demo_people(), crawl_folder)
    db.session.rollback()
    crawled = time.perf_counter()
    # One page per route, as the least privileged role that read it (ROLES is in that order).
    chosen: dict[str, tuple[str, str]] = {}
    for role, _email in ROLES:
        for endpoint, path in sorted(links[role].pages.items()):
            chosen.setdefault(endpoint, (role, path))
    assert len(chosen) > 60, "the crawl read hardly any pages"
    pages = {}
    problems = []
    for role, path in sorted(chosen.values()):
        if role not in pages:
            pages[role] = phone(browser, live_server, role, demo)
        response = pages[role].goto(path)
        assert response is not None and response.status == 200, (role, path)
        found = overflow(pages[role])
        if found:
            problems.append(f"{role}: {found}")
        problems.extend(f"{role}: {problem}" for problem in check_page(pages[role]))
    # The pages issue 16 found too wide, in German and Arabic, as those who saw them.
    named = [("anonymous", "/export/concept/print?version=1"), ("moderator", "/export/"),
             ("steering", "/concept/versions/1/diff/2"),
             ("steering", "/concept/versions/1/diff/draft"),
             ("participant", "/me/contributions"), ("participant", "/topics/sprache")]
    named += [(role, f"/rounds/{round_id}") for round_id in invited_round_ids(db)
              for role in ("anonymous", "moderator")]
    for role, path in named:
        if role not in pages:
            pages[role] = phone(browser, live_server, role, demo)
        for lang in ("de", "ar"):
            visit(pages[role], with_lang(path, lang))  # checked with axe on the way
            found = overflow(pages[role])
            if found:
                problems.append(f"{role}, {lang}: {found}")
    for page in pages.values():
        page.context.close()
    print(f"\nphone widths: crawl {crawled - started:.1f}s, {len(chosen)} pages and "
          f"{2 * len(named)} named in {time.perf_counter() - crawled:.1f}s")
    assert not problems, "\n".join(problems)


def test_an_arabic_speaking_participant_contributes_on_a_phone(browser, live_server, demo):
    page = phone(browser, live_server, "participant", demo, locale="ar")

    def fits():
        assert overflow(page) is None, overflow(page)

    # The help in Arabic (her account was set up in German: she switches in the header, and
    # the choice holds for her visit): the page is Arabic, right to left, and so is its text.
    visit(page, "/help")
    page.locator("header a[hreflang=ar]").click()
    assert_accessible(page)
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    arabic = re.compile(r"[\u0600-\u06FF]{3}")
    expect(page.locator("h1")).to_have_text(arabic)
    help_text = page.locator("main").inner_text()
    assert len(arabic.findall(help_text)) > 100, help_text[:300]
    fits()

    # The topic page speaks Arabic around the topic's name (German data unless translated,
    # then marked as German).
    visit(page, "/topics/sprache")
    expect(page.locator("#next-title")).to_have_text(arabic)
    title = page.locator("h1")
    if not arabic.search(title.inner_text()):
        expect(title).to_have_attribute("lang", "de")
    fits()

    # She writes a contribution from there.
    page.locator("main a[href*='/contribute?topic=sprache']").first.click()
    expect(page).to_have_url(re.compile(r"/rounds/\d+/contribute\?topic=sprache"))
    assert_accessible(page)
    fits()
    page.locator("input[name=kind]").first.check()
    page.locator("input[name=themes]").first.check()
    page.locator("#title").fill("دروس لغة في المساء")
    page.locator("#body").fill("نحتاج إلى دروس لغة ألمانية في المساء مع رعاية للأطفال.")
    page.locator("#language").select_option("ar")
    page.locator("main form.stack [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/contributions/\d+$"))
    assert_accessible(page)
    fits()
    contribution_id = int(page.url.rsplit("/", 1)[1])

    # A comment without text: the error summary takes the focus (and a screen reader reads
    # it), also where the form sits far down the page.
    page.locator("#comment-submit").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert "#" not in page.url
    assert_accessible(page)
    fits()

    # Her contributions: a card per contribution, its status and outcome on the screen.
    visit(page, "/me/contributions")
    fits()
    expect(page.locator(".mine-table table")).to_be_hidden()
    card = page.locator(".mine-cards li", has=page.locator(
        f"a[href='/contributions/{contribution_id}']"))
    expect(card).to_be_visible()
    for fact in card.locator("dd").all()[:2]:  # status, then outcome
        expect(fact).to_be_visible()
        box = fact.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    expect(card.locator("dd").first).to_have_text(arabic)
    page.context.close()
