"""The Word document, read back with python-docx: title page with the adoption status, a table
of contents, chapters converted from Markdown, and per topic goals and measure tables."""

from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from tests.reports.conftest import FORMULA


def _docx(client, path="/export/concept.docx"):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == ("application/vnd.openxmlformats-officedocument."
                                 "wordprocessingml.document")
    return Document(BytesIO(response.data))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _headings(document) -> list[tuple[int, str]]:
    return [(int(p.style.name.split()[-1]), p.text) for p in document.paragraphs
            if p.style.name.startswith("Heading")]


def test_title_page_and_properties(client, published):
    document = _docx(client)
    texts = _texts(document)
    assert document.core_properties.title == "Integrationskonzept"
    assert document.core_properties.author == (
        "Landkreis Konstanz, Amt für Migration und Integration")
    assert "Fassung 1 – Fassung für den Sozialausschuss" in texts
    assert ("beschlossen vom Sozialausschuss am 27.11.2017, Drucksache 2017/118") in texts
    assert any(t.startswith("Stand: ") for t in texts)
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)


def test_not_adopted_version_says_draft(client, freeze):
    freeze(label="Entwurf")
    texts = _texts(_docx(client))
    assert "Entwurf, nicht beschlossen" in texts
    assert not any(t.startswith("beschlossen") for t in texts)


def test_internal_version_is_marked(client, login, staff, internal):
    login(staff)
    texts = _texts(_docx(client, f"/export/concept.docx?version={internal}"))
    assert "Interne Fassung – nicht veröffentlicht" in texts
    assert "Fassung 2 – Entwurf nach der Netzwerkrunde" in texts


def test_table_of_contents_field_and_headings_list(client, published):
    document = _docx(client)
    body = document.element.body
    instructions = [e.text for e in body.iter(qn("w:instrText"))]
    assert any(i.startswith("TOC ") for i in instructions)
    toc = [p.text for p in document.paragraphs if p.style.name.startswith("toc")]
    assert toc[:3] == ["Vorwort", "Ein Abschnitt", "Umsetzung"]
    assert "Handlungsfelder" in toc and "Sprache" in toc and "Querschnittsthemen" in toc
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_footer_has_page_numbers(client, published):
    footer = _docx(client).sections[0].footer
    instructions = [e.get(qn("w:instr")) for e in footer._element.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Integrationskonzept · Fassung 1" in footer.paragraphs[0].text


def test_chapters_are_converted_from_markdown(client, published):
    document = _docx(client)
    headings = _headings(document)
    assert (1, "Vorwort") in headings and (2, "Ein Abschnitt") in headings
    paragraphs = document.paragraphs
    intro = next(p for p in paragraphs if p.text.startswith("Einleitender Absatz"))
    assert [r.text for r in intro.runs if r.bold] == ["fettem"]
    assert [r.text for r in intro.runs if r.italic] == ["kursivem"]
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert "erster Punkt" in bullets
    assert any(t.startswith("zweiter Punkt mit") and t.endswith("Link") for t in bullets)
    numbered = [p.text for p in paragraphs if p.style.name == "List"]
    assert numbered == ["1.\tSchritt eins", "2.\tSchritt zwei"]
    assert any(p.style.name == "Quote" and p.text == "Ein Zitat." for p in paragraphs)
    links = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert "https://example.org/info" in links and "https://example.org/lernpaten" in links


def test_topics_goals_and_measures(client, published):
    document = _docx(client)
    headings = _headings(document)
    for expected in [(1, "Handlungsfelder"), (2, "Sprache"), (3, "Oberziel"),
                     (3, "Unterziele"), (4, "Unterziel 1"),
                     (3, "Ideen für die kommunale Ebene"), (3, "Best-Practice-Beispiele"),
                     (1, "Querschnittsthemen"), (2, "Antidiskriminierung")]:
        assert expected in headings
    texts = _texts(document)
    assert "Alle Zugewanderten sprechen gut Deutsch." in texts
    assert "Jeder findet einen passenden Kurs." in texts
    assert "Querschnittsthemen: Antidiskriminierung" in texts  # of the sub-goal
    assert "Ein Sprachcafé im Rathaus." in texts
    assert "Lernpatenschaften nach dem Kurs." in texts
    assert any("Wer: Bildungswerk Hegau" in t and "Wo: Singen" in t
               and "https://example.org/lernpaten" in t for t in texts)
    # A topic without items says so.
    assert "Noch keine Ziele und Maßnahmen." in texts


def test_measures_table(client, published):
    document = _docx(client)
    tables = [t for t in document.tables
              if [c.text for c in t.rows[0].cells][0] == "Maßnahme"]
    assert len(tables) == 1
    table = tables[0]
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["Maßnahme", "Verantwortlich",
                                              "Kooperationspartner", "Zeitrahmen"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert all(r.bold for c in header.cells for r in c.paragraphs[0].runs)
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[0][0].startswith("Eine trägerunabhängige Sprachkursberatung einrichten.")
    assert "Querschnittsthemen: Antidiskriminierung" in rows[0][0]
    assert rows[0][1:] == ["Amt für Migration", "Volkshochschulen\nJobcenter", "ab 2018"]
    assert rows[1][0] == FORMULA  # Word has no formulas in text: kept as written
    italic = [r.text for r in table.rows[1].cells[0].paragraphs[0].runs if r.italic]
    assert italic == ["trägerunabhängige"]


@pytest.mark.parametrize("body,expected", [
    ("Steuerungsgruppe Integration", "beschlossen von der Steuerungsgruppe Integration am "
                                     "05.12.2017, Drucksache 2017/118"),
    ("Kreistag", "beschlossen vom Kreistag am 05.12.2017, Drucksache 2017/118"),
    ("Fachkonferenz Integration", "beschlossen von der Fachkonferenz Integration am "
                                  "05.12.2017, Drucksache 2017/118"),
    ("Bürgerforum", "beschlossen am 05.12.2017 (Bürgerforum), Drucksache 2017/118"),
])
def test_adoption_lines(client, freeze, body, expected):
    from datetime import date

    freeze(adopted_on=date(2017, 12, 5), body=body)
    assert expected in _texts(_docx(client))


def test_every_adoption_is_listed(app, client, published):
    from datetime import date

    from app.concepts.services import current_concept
    from app.extensions import db
    from app.versions import services as versions

    version = versions.version_by_number(current_concept(), published)
    versions.record_adoption(version, body="Steuerungsgruppe Integration",
                             adopted_on=date(2017, 12, 5), actor=None)
    db.session.commit()
    texts = _texts(_docx(client))
    assert "beschlossen vom Sozialausschuss am 27.11.2017, Drucksache 2017/118" in texts
    assert "beschlossen von der Steuerungsgruppe Integration am 05.12.2017" in texts


def test_superseded_by_a_later_adopted_version(client, freeze):
    from datetime import date

    freeze(adopted_on=date(2017, 11, 27))
    freeze(label="Endfassung", adopted_on=date(2017, 12, 5), body="Steuerungsgruppe Integration")
    texts = _texts(_docx(client, "/export/concept.docx?version=1"))
    assert "abgelöst durch Fassung 2" in texts
    assert "abgelöst durch Fassung 2" not in _texts(_docx(client))  # version 2 itself


def test_an_internal_adoption_is_not_named_on_a_public_version(client, freeze):
    from datetime import date

    freeze(adopted_on=date(2017, 11, 27))
    freeze(label="Intern beschlossen", visibility="internal", adopted_on=date(2017, 12, 5))
    assert not any(t.startswith("abgelöst") for t in _texts(_docx(client)))
