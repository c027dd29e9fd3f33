"""Issue 6 journey: the moderator freezes version 1 of a small draft and opens the steering
group's review; a steering member objects to one measure with a remark and agrees to another;
the moderator changes the measure in the workbench, answers the remark and freezes version 2
(published), whose diff shows the change word by word; the member reads the answer and agrees
to version 2 (with the keyboard only); the moderator records the Sozialausschuss's adoption, the
admin finds it in the audit log, and the public reads the adopted version 2 while the internal
version 1 stays hidden. Every page visited is checked with axe."""

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from babel.dates import format_date
from playwright.sync_api import expect
from sqlalchemy import select

from app.concepts import services as concepts
from app.versions.models import Verdict
from app.workbench.services import link_contributions
from tests.e2e.helpers import assert_accessible, login, visit
from tests.factories import PASSWORD

LABEL_1 = "Entwurf nach der Dialogveranstaltung"
LABEL_2 = "Fassung nach der Prüfung durch die Steuerungsgruppe"

SUB_GOAL = "Wer tagsüber arbeitet, kann abends einen Sprachkurs in der Nähe besuchen."
# The measure the steering member objects to, and how the moderator changes it.
EVENING = "Die Volkshochschulen bieten in jeder Raumschaft einen Sprachkurs am Abend an."
EVENING_2 = ("Die Volkshochschulen bieten in jeder Raumschaft zwei Sprachkurse am Abend und am "
             "Samstag an.")
CHILDCARE = "Während der Abendkurse gibt es eine Kinderbetreuung im selben Haus."
OVERVIEW = "Eine Kursübersicht nennt alle Abendkurse des Landkreises in einfacher Sprache."
EVENING_SOURCES = ["Deutschkurs am Abend für Menschen mit Arbeit",
                   "Sprachkurse auch am Samstag",
                   "Kurse nach der Schicht"]

REMARK = ("Ein Abendkurs je Raumschaft reicht nicht: Wer im Schichtdienst arbeitet, braucht "
          "auch einen Kurs am Samstag.")
ANSWER = "Wir haben einen zweiten Kurs und den Samstag in die Maßnahme aufgenommen."
REASON_MISSING = "Bitte begründen Sie Ihren Einwand oder Ihre Anmerkung."
RESOLUTION = "Der Sozialausschuss stimmt dem Integrationskonzept in Fassung 2 zu."

# 2 chapters + sub-goal + 3 measures: what the progress counts.
TO_REVIEW = 6


@pytest.fixture
def open_page(browser, live_server):
    """Pages in further browser contexts (each its own login), closed after the test."""
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
def seeded(app, db, make_user, make_concept, make_round, make_contribution):
    """Staff, two steering members, and the topic "Sprache" with a sub-goal and three
    measures linked to the contributions they were built from (through the use cases)."""
    s = SimpleNamespace()
    s.moderator = make_user(roles={"moderator"}, display_name="Mara Moderation",
                            email="mara@example.org")
    s.admin = make_user(roles={"admin"}, display_name="Anton Admin", email="anton@example.org")
    s.member = make_user(roles={"steering"}, display_name="Selma Steuerung",
                         email="selma@example.org")
    s.other_member = make_user(roles={"steering"}, display_name="Tarek Träger",
                               email="tarek@example.org")
    concept = make_concept(published=False)  # the public sees versions only
    round_ = make_round(concept=concept)
    topic = next(t for t in concept.topics if t.slug == "sprache")

    def contribution(title):
        return make_contribution(round=round_, topic=topic, title=title,
                                 body=f"{title}, bitte.")

    evening_sources = [contribution(t) for t in EVENING_SOURCES]
    childcare_source = contribution("Kinderbetreuung während des Kurses")
    overview_source = contribution("Eine Liste aller Kurse in einfacher Sprache")
    def item(kind, text, sources, **values):
        created = concepts.create_item(topic, kind=kind, values={"text": text, **values},
                                       actor=s.moderator)
        link_contributions(sources, created, actor=s.moderator)
        return created

    sub_goal = item("sub_goal", SUB_GOAL, [*evening_sources, childcare_source])
    s.evening = item("measure", EVENING, evening_sources, parent_id=sub_goal.id,
                     responsible="Volkshochschulen", timeframe="ab 2018")
    s.childcare = item("measure", CHILDCARE, [childcare_source], parent_id=sub_goal.id)
    item("measure", OVERVIEW, [overview_source], parent_id=sub_goal.id)
    db.session.commit()
    return s


def measure(page, text: str):
    """A measure's article on a review page."""
    return page.get_by_role("article").filter(has_text=text)


def progress(page, done: int):
    return page.get_by_text(f"Sie haben {done} von {TO_REVIEW} Kapiteln und Elementen geprüft.")


def expect_flash(page, text: str):
    expect(page.locator(".flashes")).to_contain_text(text)


def verdict_of(db, text_start: str, number: int) -> Verdict:
    db.session.rollback()
    return next(v for v in db.session.scalars(select(Verdict).order_by(Verdict.id))
                if v.review.version.number == number and v.version_item is not None
                and v.version_item.text.startswith(text_start))


def word_diff_parts(entry) -> dict:
    """What a diff entry's text marks as deleted, inserted and unchanged (screen-reader labels
    such as "[gestrichen: ...]" left out)."""
    return entry.locator(".diff-text").first.evaluate("""element => {
        const parts = {deleted: [], inserted: [], kept: ''};
        const visible = node => [...node.childNodes]
            .filter(n => !(n.classList && n.classList.contains('visually-hidden')))
            .map(n => n.textContent).join('');
        for (const node of element.childNodes) {
            if (node.nodeName === 'DEL') parts.deleted.push(visible(node));
            else if (node.nodeName === 'INS') parts.inserted.push(visible(node));
            else parts.kept += node.textContent;
        }
        return parts;
    }""")


def in_viewport(page, locator) -> bool:
    """Whether any of the matched elements can be seen without scrolling."""
    height = page.viewport_size["height"]
    boxes = [locator.nth(i).bounding_box() for i in range(locator.count())]
    return any(box and box["y"] + box["height"] > 0 and box["y"] < height for box in boxes)


def has_focus_ring(page) -> bool:
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
            || (style.boxShadow && style.boxShadow !== 'none');
    }""")


def test_freeze_review_change_and_adopt(page, open_page, db, seeded):
    today = date.today()
    staff, member = page, open_page()

    # 1. The moderator freezes version 1 (internal) and opens the review.
    login(staff, seeded.moderator.email, PASSWORD)
    visit(staff, "/concept/versions/")
    expect(staff.get_by_text("Es gibt noch keine Fassung")).to_be_visible()
    freeze = staff.get_by_role("region", name="Den aktuellen Entwurf einfrieren")
    expect(freeze).to_contain_text("Der Entwurf hat jetzt: 4 Elemente, 1 Thema mit Inhalt")
    freeze.get_by_label("Bezeichnung").fill(LABEL_1)
    expect(freeze.get_by_role("radio", name=re.compile("^intern"))).to_be_checked()
    freeze.get_by_role("button", name="Fassung einfrieren").click()
    expect(staff).to_have_url(re.compile(r"/concept/versions/1$"))
    expect_flash(staff, "Fassung 1 ist eingefroren: 4 Elemente, 2 Kapitel.")
    expect(staff.locator("h1")).to_contain_text(LABEL_1)
    assert_accessible(staff)
    deadline = staff.get_by_label("Frist für die Stellungnahmen")
    expect(deadline).to_have_value((today + timedelta(days=14)).isoformat())
    staff.get_by_role("button",
                      name="Prüfung eröffnen und Steuerungsgruppe benachrichtigen").click()
    expect_flash(staff, "Die Prüfung ist eröffnet; die Steuerungsgruppe wurde benachrichtigt.")
    expect(staff.get_by_role("region", name="Prüfung durch die Steuerungsgruppe")) \
        .to_contain_text("Die Prüfung läuft bis zum")
    assert_accessible(staff)

    # 2. The steering member is notified, opens her review and goes to the topic.
    login(member, seeded.member.email, PASSWORD)
    bell = member.get_by_role("link", name=re.compile(r"^Benachrichtigungen: ?1 ungelesen"))
    expect(bell).to_be_visible()
    bell.click()
    expect(member.locator("main")).to_contain_text(
        f"Die Fassung 1 („{LABEL_1}“) liegt der Steuerungsgruppe zur Prüfung vor.")
    assert_accessible(member)
    visit(member, "/concept/versions/1")
    member.get_by_role("link", name="Zu Ihrer Prüfung").click()
    expect(member).to_have_url(re.compile(r"/review/1$"))
    expect(progress(member, 0)).to_be_visible()
    assert_accessible(member)  # the chapters part
    member.get_by_role("navigation", name="Teile der Fassung") \
        .get_by_role("link", name="Sprache").click()
    expect(member).to_have_url(re.compile(r"/review/1\?part=sprache$"))
    assert_accessible(member)

    evening = measure(member, EVENING)
    evening.get_by_text("Herkunft: 3 Beiträge").click()  # unfolds the provenance
    for title in EVENING_SOURCES:
        expect(evening.get_by_text(title, exact=True)).to_be_visible()
    assert_accessible(member)  # with the provenance unfolded

    # An objection needs a reason; then it is saved with the remark.
    evening.get_by_role("radio", name="Einwand", exact=True).check()
    evening.get_by_role("button", name=re.compile("^Votum speichern")).click()
    # The item's form comes back with the error in place, the choice kept, the field marked.
    evening = measure(member, EVENING)
    expect(evening.get_by_role("alert")).to_contain_text(REASON_MISSING)
    assert in_viewport(member, evening.get_by_role("alert"))
    expect(evening.get_by_role("radio", name="Einwand", exact=True)).to_be_checked()
    expect(evening.get_by_role("textbox", name=re.compile("^Anmerkung"))).to_have_attribute(
        "aria-invalid", "true")
    assert_accessible(member)  # the form with its error
    evening.get_by_role("textbox", name=re.compile("^Anmerkung")).fill(REMARK)
    evening.get_by_role("button", name=re.compile("^Votum speichern")).click()
    expect_flash(member, "Ihr Votum ist gespeichert.")
    expect(member).to_have_url(re.compile(r"/review/1\?part=sprache#item-\d+$"))
    evening = measure(member, EVENING)
    expect(evening).to_contain_text("Ihr Votum: Einwand")
    expect(evening).to_contain_text(REMARK)
    expect(progress(member, 1)).to_be_visible()

    childcare = measure(member, CHILDCARE)
    childcare.get_by_role("radio", name="Zustimmung", exact=True).check()
    childcare.get_by_role("button", name=re.compile("^Votum speichern")).click()
    expect_flash(member, "Ihr Votum ist gespeichert.")
    expect(measure(member, CHILDCARE)).to_contain_text("Ihr Votum: Zustimmung")
    expect(progress(member, 2)).to_be_visible()
    assert_accessible(member)

    # 3. The moderator sees the objection first, changes the measure, answers the remark.
    visit(staff, "/review/1/overview")
    matrix = staff.get_by_role("table", name="Voten je Element und Mitglied")
    expect(matrix.get_by_role("columnheader", name="Selma Steuerung")).to_be_visible()
    expect(matrix.get_by_role("columnheader", name="Tarek Träger")).to_be_visible()
    first_row = matrix.get_by_role("row").nth(1)
    expect(first_row).to_contain_text(EVENING[:60])
    expect(first_row).to_contain_text("Einwand")
    remarks = staff.get_by_role("region", name="Anmerkungen und Antworten")
    expect(remarks).to_contain_text(REMARK)
    remarks.get_by_role("link", name="Element bearbeiten").click()
    expect(staff).to_have_url(re.compile(rf"/workbench/items/{seeded.evening.id}/edit$"))
    assert_accessible(staff)
    text = staff.get_by_label("Text", exact=True)
    expect(text).to_have_value(EVENING)
    text.fill(EVENING_2)
    staff.get_by_role("button", name="Speichern").click()
    expect_flash(staff, "Die Änderung ist gespeichert.")
    expect(staff).to_have_url(re.compile(rf"/workbench/sprache#item-{seeded.evening.id}$"))
    # The workbench shows the remark on the item it concerns.
    entry = staff.locator(f"#item-{seeded.evening.id}")
    expect(entry).to_contain_text(EVENING_2)
    entry.get_by_text("1 Anmerkung").click()
    expect(entry).to_contain_text(REMARK)
    assert_accessible(staff)

    visit(staff, "/review/1/overview")
    remark = staff.get_by_role("region", name="Anmerkungen und Antworten")
    remark.get_by_role("radio", name="in der nächsten Fassung berücksichtigt").check()
    remark.get_by_label("Antwort an das Mitglied").fill(ANSWER)
    remark.get_by_role("button", name="Antwort speichern").click()
    expect_flash(staff, "Die Antwort ist gespeichert; das Mitglied wurde benachrichtigt.")
    expect(remark).to_contain_text(
        re.compile(r"Antwort \(in der nächsten Fassung berücksichtigt, .*Mara Moderation\)"))
    assert_accessible(staff)

    # 4. Version 2, published, and what changed since version 1.
    visit(staff, "/concept/versions/")
    freeze = staff.get_by_role("region", name="Den aktuellen Entwurf einfrieren")
    freeze.get_by_label("Bezeichnung").fill(LABEL_2)
    freeze.get_by_role("radio", name="veröffentlicht").check()
    freeze.get_by_role("button", name="Fassung einfrieren").click()
    expect(staff).to_have_url(re.compile(r"/concept/versions/2$"))
    expect_flash(staff, "Fassung 2 ist eingefroren")
    expect(staff.locator("main")).to_contain_text(EVENING_2)
    assert_accessible(staff)
    staff.get_by_role("link", name="Vergleich mit Fassung 1").click()
    expect(staff).to_have_url(re.compile(r"/concept/versions/1/diff/2$"))
    expect(staff.get_by_role("region", name="Zusammenfassung")).to_contain_text(
        "Maßnahmen: 1 geändert")
    assert_accessible(staff)
    changed = staff.get_by_role("region", name="Sprache").get_by_role("article")
    expect(changed).to_have_count(1)
    parts = word_diff_parts(changed)
    assert [s.strip() for s in parts["deleted"]] == ["einen Sprachkurs"], parts
    assert [s.strip() for s in parts["inserted"]] == ["zwei Sprachkurse", "und am Samstag"], parts
    # Word level: the rest of the sentence is outside <del> and <ins>.
    for kept in ["Die Volkshochschulen bieten in jeder Raumschaft", "am Abend", "an."]:
        assert kept in parts["kept"], parts
    assert " ".join(parts["kept"].split()) == \
        "Die Volkshochschulen bieten in jeder Raumschaft am Abend an.", parts
    # Perceivable without colour: struck through and underlined.
    for tag, line in [("del", "line-through"), ("ins", "underline")]:
        decoration = changed.locator(tag).first.evaluate(
            "element => getComputedStyle(element).textDecorationLine")
        assert line in decoration, f"<{tag}> is not marked by {line}: {decoration}"

    # 5. A review of version 2; the member reads the answer and agrees (keyboard only).
    visit(staff, "/concept/versions/2")
    staff.get_by_role("button",
                      name="Prüfung eröffnen und Steuerungsgruppe benachrichtigen").click()
    expect_flash(staff, "Die Prüfung ist eröffnet")

    visit(member, "/me/notifications")
    answered = member.locator("main li").filter(
        has_text="Das Amt hat auf Ihre Anmerkung zur Fassung 1 geantwortet.")
    expect(answered).to_have_count(1)
    answered.get_by_role("button", name="Ansehen").click()
    expect(member).to_have_url(re.compile(r"/review/1"))
    # The notification leads to the item, where the answer is.
    expect(member).to_have_url(re.compile(r"/review/1\?part=sprache#item-\d+$"))
    expect(member.get_by_text("Antwort des Amtes")).to_be_visible()
    assert_accessible(member)
    visit(member, "/review/1?part=sprache")
    evening = measure(member, EVENING)
    expect(evening).to_contain_text("Antwort des Amtes")
    expect(evening).to_contain_text("in der nächsten Fassung berücksichtigt")
    expect(evening).to_contain_text(ANSWER)

    visit(member, "/concept/versions/2")
    member.get_by_role("link", name="Zu Ihrer Prüfung").click()
    expect(member).to_have_url(re.compile(r"/review/2$"))
    expect(progress(member, 0)).to_be_visible()
    member.get_by_role("navigation", name="Teile der Fassung") \
        .get_by_role("link", name="Sprache").click()
    expect(member).to_have_url(re.compile(r"/review/2\?part=sprache$"))
    assert_accessible(member)
    evening = measure(member, EVENING_2)
    evening.locator("summary").first.focus()  # the provenance, just before the verdict
    member.keyboard.press("Tab")
    agree = evening.get_by_role("radio", name="Zustimmung", exact=True)
    expect(agree).to_be_focused()
    assert has_focus_ring(member), "the focused radio button shows no focus indicator"
    member.keyboard.press("Space")
    expect(agree).to_be_checked()
    member.keyboard.press("Tab")
    expect(evening.get_by_role("textbox", name=re.compile("^Anmerkung"))).to_be_focused()
    member.keyboard.press("Tab")
    save = evening.get_by_role("button", name=re.compile("^Votum speichern"))
    expect(save).to_be_focused()
    assert has_focus_ring(member), "the focused save button shows no focus indicator"
    member.keyboard.press("Enter")
    expect_flash(member, "Ihr Votum ist gespeichert.")
    expect(measure(member, EVENING_2)).to_contain_text("Ihr Votum: Zustimmung")
    expect(progress(member, 1)).to_be_visible()
    assert_accessible(member)
    assert verdict_of(db, EVENING_2[:30], 2).verdict == "agree"

    # 6. The moderator records the adoption; the admin finds it in the audit log.
    visit(staff, "/concept/versions/2")
    adoption = staff.locator("form", has=staff.get_by_role("button", name="Beschluss eintragen"))
    expect(adoption.get_by_label("Gremium", exact=True)).to_have_value("Sozialausschuss")
    adoption.get_by_label("Datum des Beschlusses").fill(today.isoformat())
    adoption.get_by_label("Beschlusstext").fill(RESOLUTION)
    adoption.get_by_role("button", name="Beschluss eintragen").click()
    expect_flash(staff, "Der Beschluss ist eingetragen.")
    adopted_on = format_date(today, "medium", locale="de")
    adopted_line = f"Beschlossen vom Gremium Sozialausschuss am {adopted_on}."
    expect(staff.locator("main")).to_contain_text(adopted_line)
    expect(staff.locator("main")).to_contain_text(RESOLUTION)
    assert_accessible(staff)

    admin = open_page()
    login(admin, seeded.admin.email, PASSWORD)
    visit(admin, "/admin/audit/?action=version.adopted")
    expect(admin.locator("main")).to_contain_text("Fassung 2: Sozialausschuss")

    # 7. The public reads the adopted version 2; version 1 stays internal.
    public = open_page()
    visit(public, "/concept/")
    expect(public.locator("main")).to_contain_text(f"Fassung 2: {LABEL_2}")
    expect(public.locator("main")).to_contain_text(adopted_line)
    expect(public.locator("main")).to_contain_text(EVENING_2)
    expect(public.locator("main")).not_to_contain_text(EVENING)
    visit(public, "/concept/versions/2")
    expect(public.locator("main")).to_contain_text(adopted_line)
    visit(public, "/concept/versions/1", status=404)
    response = public.goto("/concept/versions/1/diff/2")
    assert response is not None and response.status == 404

