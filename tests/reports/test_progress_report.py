"""Exports of a yearly progress report: the Word document parsed back with python-docx (title
page, contents, roll-up, a measure with its status and entry), the XLSX read back with
openpyxl, the print view and the PDF (when WeasyPrint works here)."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from app.extensions import db
from app.implementation import progress, report_services, services
from app.reports import pdf
from tests.implementation.conftest import adopt, build_draft

from .tagged import assert_tagged

TODAY = date.today()
PERIOD = (date(TODAY.year - 1, 1, 1), date(TODAY.year - 1, 12, 31))
ENTRY = "Der Kurs läuft mit **zwölf** Teilnehmenden."
FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\")"


@pytest.fixture
def report(make_concept, moderator, make_organisation, make_user):
    concept = make_concept()
    draft = build_draft(concept, moderator)
    adopt(concept, moderator)
    partner = make_organisation(name="Bildungswerk Hegau", verified=True,
                                representatives=[make_user()])
    state = progress.measure_state(concept, draft.measures[0], user=moderator)
    services.edit_record(state, actor=moderator, responsible="Amt für Migration", partners="",
                         starts_on=None, ends_on=None, organisations=[partner],
                         progress_override=None)
    services.post_entry(state, actor=moderator, text=ENTRY, happened_on=date(PERIOD[0].year, 4, 2),
                        status=services.status_by_code("in_progress"), check_dates=False)
    other = progress.measure_state(concept, draft.measures[2], user=moderator)
    services.post_entry(other, actor=moderator, text=FORMULA, happened_on=PERIOD[1],
                        check_dates=False)
    made = report_services.create_progress_report(
        concept, title="Umsetzungsbericht 2025", period_start=PERIOD[0], period_end=PERIOD[1],
        intro="## Vorwort\n\nFür die **Integrationskonferenz**.", actor=moderator)
    db.session.commit()
    return made


def test_docx_has_title_contents_roll_up_and_measures(client, report):
    response = client.get(f"/export/progress-reports/{report.id}.docx")
    assert response.status_code == 200
    assert "Umsetzungsbericht-2025.docx" in response.headers["Content-Disposition"]
    doc = Document(BytesIO(response.data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Umsetzungsbericht 2025" in text
    assert "Berichtszeitraum 01.01." in text and "Inhalt" in text
    assert "Vorwort" in text and "Das Konzept insgesamt" in text
    assert "Mittelwert aus" in text and "Dies ist der erste Umsetzungsbericht" in text
    assert doc.core_properties.title == "Umsetzungsbericht 2025"
    cells = "\n".join(cell.text for table in doc.tables for row in table.rows
                      for cell in row.cells)
    assert "Maßnahme sprache 1.1" in cells
    assert "in Umsetzung" in cells and "Der Kurs läuft mit zwölf Teilnehmenden." in cells
    assert "Amt für Migration\nBildungswerk Hegau" in cells  # responsible body, organisation
    assert "von " in cells  # who wrote the entry
    assert "keine Einträge im Berichtszeitraum" in cells
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Handlungsfelder" in headings and "Sprache" in headings


def test_xlsx_holds_measures_and_entries(client, report):
    response = client.get(f"/export/progress-reports/{report.id}.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    measures, entries = book.worksheets
    rows = list(measures.iter_rows(values_only=True))
    assert rows[0][:4] == ("Thema", "Unterziel", "Maßnahme", "Status")
    first = next(r for r in rows if r[2] == "Maßnahme sprache 1.1")
    assert first[3] == "in Umsetzung" and first[4] == 50 and first[6] == "Bildungswerk Hegau"
    assert len(rows) == 7
    entry_rows = list(entries.iter_rows(values_only=True))[1:]
    assert {r[5] for r in entry_rows} == {"Der Kurs läuft mit zwölf Teilnehmenden.",
                                          "'" + FORMULA}
    assert all(r[2] is not None for r in entry_rows)


def test_print_view_and_pdf(client, report, job_worker):
    html = client.get(f"/export/progress-reports/{report.id}/print").get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert '<h1 class="title-page__title">Umsetzungsbericht 2025</h1>' in html
    assert "Der Kurs läuft mit <strong>zwölf</strong> Teilnehmenden." in html
    try:
        pdf.load_weasyprint()
    except pdf.PdfUnavailable as exc:
        pytest.skip(f"WeasyPrint unavailable: {exc}")
    response = client.get(f"/export/progress-reports/{report.id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert_tagged(response.data, b"H1", b"H2")


def test_pdf_without_weasyprint_offers_the_print_view(client, report, monkeypatch):
    def missing():
        raise pdf.PdfUnavailable("no pango")

    monkeypatch.setattr(pdf, "load_weasyprint", missing)
    response = client.get(f"/export/progress-reports/{report.id}.pdf")
    assert response.status_code == 503
    assert f"/export/progress-reports/{report.id}/print" in response.get_data(as_text=True)


def test_unknown_report_is_404(client, report):
    assert client.get(f"/export/progress-reports/{report.id + 1}.docx").status_code == 404
    assert client.get(f"/export/progress-reports/{report.id + 1}.xlsx").status_code == 404
