"""Issue 13 journey: staff set the status of three measures at once with a note; the
representative of a responsible organisation posts a progress entry; the author of the idea
behind a measure sees the notification and, on /me/contributions, the measure's state; staff
make the yearly progress report and download its Word document (parsed back); the public reads
/implementation/, the measure's story and the report. Every page visited is checked with axe,
the public pages in German and in Arabic."""

from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from docx import Document
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.implementation import progress, services
from app.implementation.models import ProgressEntry
from app.workbench.services import link_contributions
from tests.e2e.helpers import login, visit, with_lang
from tests.factories import PASSWORD
from tests.implementation.conftest import adopt, build_draft

NOTE = "Die Träger haben im Frühjahr begonnen."
REPORT = "Umsetzungsbericht für die Konferenz"
ENTRY = "Der erste Kurs mit Kinderbetreuung läuft in Singen."


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def open_():
        context = browser.new_context(base_url=live_server.url, locale="de-DE",
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def seeded(app, make_user, make_concept, make_round, make_contribution,
           make_organisation):
    s = SimpleNamespace()
    s.moderator = make_user(roles={"moderator"}, display_name="Mara Moderation",
                            email="mara@example.org")
    s.author = make_user(display_name="Amira Autorin", email="amira@example.org")
    s.representative = make_user(display_name="Rana Vertretung", email="rana@example.org")
    s.partner = make_organisation(name="Bildungswerk Hegau", kind="partner", verified=True,
                                  representatives=[s.representative])
    concept = make_concept()
    s.draft = build_draft(concept, s.moderator)
    round_ = make_round(concept=concept)
    s.idea = make_contribution(round=round_, author=s.author, title="Sprachkurse am Abend")
    link_contributions([s.idea], s.draft.measures[0], actor=s.moderator)
    db.session.commit()
    adopt(concept, s.moderator)
    state = progress.measure_state(concept, s.draft.measures[1], user=s.moderator)
    services.edit_record(state, actor=s.moderator, responsible="Bildungswerk", partners="",
                         starts_on=None, ends_on=None, organisations=[s.partner],
                         progress_override=None)
    db.session.commit()
    return s


def test_implementation_journey(page, open_page, seeded):
    s = seeded
    # staff: three measures at once, one note
    login(page, "mara@example.org", PASSWORD)
    visit(page, "/implementation/manage")
    for measure in s.draft.measures[:3]:
        page.locator(f"#m-{measure.id}").check()
    page.locator("#bulk-status").select_option("in_progress")
    page.locator("#bulk-note").fill(NOTE)
    page.get_by_role("button", name="Status setzen").click()
    expect(page.locator(".flash, [role=status], .notice").first).to_contain_text("3 Maßnahmen")
    visit(page, f"/implementation/measures/{s.draft.measures[0].id}")
    expect(page.locator("#timeline")).to_contain_text(NOTE)
    visit(page, f"/implementation/measures/{s.draft.measures[0].id}/edit")
    visit(page, "/implementation/statuses")

    # staff make the yearly report and download its Word document
    visit(page, "/implementation/manage")
    page.get_by_role("link", name="Neuen Umsetzungsbericht erstellen").click()
    expect(page.locator("h1")).to_have_text("Neuer Umsetzungsbericht")
    visit(page, "/implementation/reports/new")
    page.locator("#title").fill(REPORT)
    page.locator("#intro").fill("Für die **Integrationskonferenz**.")
    page.get_by_role("button", name="Bericht erstellen und veröffentlichen").click()
    expect(page.locator("h1")).to_have_text(REPORT)
    expect(page.locator("main")).to_contain_text(NOTE)  # an entry of the period
    report_path = urlsplit(page.url).path
    visit(page, report_path)
    with page.expect_download() as download:
        page.get_by_role("link", name="Word-Dokument (DOCX)").click()
    doc = Document(download.value.path())
    assert REPORT in [p.text for p in doc.paragraphs]
    cells = " ".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Maßnahme sprache 1.1" in cells and NOTE in cells

    # the representative of the responsible organisation reports
    rep = open_page()
    login(rep, "rana@example.org", PASSWORD)
    visit(rep, f"/implementation/measures/{s.draft.measures[1].id}")
    rep.locator("#text").fill(ENTRY)
    rep.locator("#progress").fill("60")
    rep.get_by_role("button", name="Stand speichern").click()
    expect(rep.locator("#timeline")).to_contain_text(ENTRY)
    expect(rep.locator("#timeline")).to_contain_text("Bildungswerk Hegau")
    visit(rep, f"/implementation/measures/{s.draft.measures[1].id}")
    entry = db.session.scalar(select(ProgressEntry).where(ProgressEntry.text == ENTRY))
    visit(rep, f"/implementation/entries/{entry.id}/edit")  # her own entry
    visit(page, f"/implementation/entries/{entry.id}/hide")  # staff only
    db.session.rollback()  # end the test's read transaction: see what the server wrote
    entry = db.session.scalar(select(ProgressEntry).order_by(ProgressEntry.id.desc()))
    print("ENTRIES", [(e.id, e.text) for e in db.session.scalars(select(ProgressEntry))])
    visit(rep, f"/implementation/entries/{entry.id}/edit")  # her own entry
    visit(page, f"/implementation/entries/{entry.id}/hide")  # staff only

    # the author hears of it and sees the state next to her idea
    author = open_page()
    login(author, "amira@example.org", PASSWORD)
    visit(author, "/me/notifications/")
    expect(author.locator(".notification-list")).to_contain_text(
        f"Ihre Idee {s.idea.reference} ist in die Maßnahme")
    expect(author.locator(".notification-list")).to_contain_text("jetzt in Umsetzung")
    visit(author, "/me/contributions")
    expect(author.locator("main")).to_contain_text("Umsetzung: in Umsetzung (50 %)")
    visit(author, "/me/notifications/settings")

    # the public, in German and in Arabic
    public = open_page()
    for lang in ("de", "ar"):
        visit(public, with_lang("/implementation/", lang))
        expect(public.locator("progress").first).to_be_visible()
        visit(public, with_lang(f"/implementation/measures/{s.draft.measures[0].id}", lang))
        expect(public.locator("#story")).to_contain_text(s.idea.reference)
        expect(public.locator("#timeline")).to_contain_text(NOTE)
        visit(public, with_lang("/implementation/reports/", lang))
        visit(public, with_lang(report_path, lang))
        expect(public.locator("h1")).to_have_text(REPORT)
    # 390 px wide: the overview still works
    public.set_viewport_size({"width": 390, "height": 844})
    visit(public, "/implementation/")
