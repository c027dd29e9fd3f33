"""Import of typed-up card lists: reading files, mapping, preview, import, history, undo."""

import csv
import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.contributions.models import Contribution
from app.core.audit import AuditEntry
from app.core.spreadsheet import safe_cell
from app.events import import_files, importing
from app.events.models import ImportBatch
from app.extensions import db
from tests.events import import_fixtures as fx

import_event = fx.import_event
staff = fx.staff
import_folder = fx.import_folder

GOOD_ROWS = [
    fx.HEADER,
    ["Tisch Sprache", "Maßnahmenvorschlag", "Mehr Sprachkurse am Abend für Eltern", "",
     "Maria S.", "", "Person mit Migrationsgeschichte"],
    ["arbeit", "goal", "Anerkennung ausländischer Abschlüsse beschleunigen", "Anerkennung",
     "", "Verein Brücke e.V.", ""],
    ["Sprache", "remark", "Kinderbetreuung während der Kurse", "", "", "", ""],
]


def _preview(event, data, filename="karten.csv"):
    table = import_files.read_table(data, filename)
    return importing.check_rows(event, table, importing.guess_mapping(table.headers))


# --- spreadsheet cells ------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("Text", "Text"),
    (None, ""), (42, "42"), ("a=b", "a=b"),
])
def test_safe_cell_neutralises_formulas(value, expected):
    assert safe_cell(value) == expected


# --- reading files ----------------------------------------------------------------------------

@pytest.mark.parametrize("encoding, bom, delimiter", [
    ("utf-8", False, ";"), ("utf-8", True, ";"), ("cp1252", False, ";"), ("utf-8", False, ","),
    ("cp1252", False, ","), ("utf-8", True, "\t"),
])
def test_reads_csv_in_excel_encodings_and_separators(app, encoding, bom, delimiter):
    rows = [["station", "kind", "text"],
            ["Tisch Sprache", "Maßnahmenvorschlag", "Größere Räume für Übungsgruppen"]]
    table = import_files.read_table(fx.csv_bytes(rows, delimiter=delimiter, encoding=encoding,
                                              bom=bom), "k.csv")
    assert table.headers == ["station", "kind", "text"]
    assert table.rows == [["Tisch Sprache", "Maßnahmenvorschlag",
                           "Größere Räume für Übungsgruppen"]]
    assert table.line_numbers == [2]


def test_reads_quoted_cells_with_separators_and_line_breaks(app):
    data = b'station;kind;text\r\n"Tisch Sprache";goal;"Zeile eins;\nZeile zwei"\r\n'
    table = import_files.read_table(data, "k.csv")
    assert table.rows[0][2] == "Zeile eins;\nZeile zwei"


def _xlsx_with_cached_formula() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Karten"
    sheet.append(["station", "kind", "text"])
    sheet.append(["Tisch Sprache", "goal", "Sprachcafé im Rathaus"])
    sheet.append(["Tisch Arbeit", "measure", '=CONCAT("Job","messe")'])
    sheet.merge_cells("A4:B4")
    sheet["A4"] = "Tisch Arbeit"
    sheet["C4"] = "Zusammengeführte Zelle"
    for n in range(2, 11):
        workbook.create_sheet(f"Blatt {n}")["A1"] = "ignoriert"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Give the formula a cached value, as Excel saves it (openpyxl writes none).
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<c r="C3"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?',
                                 rb'<c r="C3" t="str"><f>\2</f><v>Jobmesse</v>', content)
            target.writestr(item, content)
    return out.getvalue()


def test_reads_xlsx_first_sheet_with_cached_formula_values(app):
    table = import_files.read_table(_xlsx_with_cached_formula(), "karten.xlsx")
    assert table.headers == ["station", "kind", "text"]
    assert table.rows[0] == ["Tisch Sprache", "goal", "Sprachcafé im Rathaus"]
    assert table.rows[1][2] == "Jobmesse"
    assert table.rows[2] == ["Tisch Arbeit", "", "Zusammengeführte Zelle"]
    assert any("10 Tabellenblätter" in note for note in table.notes)


def test_formula_text_without_cached_value_is_never_evaluated(app, import_event):
    workbook = Workbook()
    workbook.active.append(["station", "kind", "text"])
    workbook.active.append(["Tisch Sprache", "goal", "=1+1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = import_files.read_table(buffer.getvalue(), "k.xlsx")
    # No cached value: the cell is empty (openpyxl) or its text, never "2".
    assert table.rows[0][2] in ("", "=1+1")


# --- mapping ----------------------------------------------------------------------------------

def test_guesses_mapping_from_german_headers():
    headers = ["Thementisch", "Art", "Karte", "Name", "Organisation", "Gruppe", "Notiz"]
    mapping = importing.guess_mapping(headers)
    assert mapping == {"station": 0, "kind": 1, "text": 2, "title": None, "author": 3,
                       "organisation": 4, "group": 5}
    assert importing.needs_mapping(headers)
    assert not importing.needs_mapping(fx.HEADER)
    assert not importing.needs_mapping(["TOPIC", "Kind", "Text"])


def test_mapping_form_for_other_headers_then_preview(client, login, staff, import_event):
    login(staff)
    data = fx.csv_bytes([["Thema", "Art", "Notiz", "Kartentext"],
                         ["Sprache", "Zielvorschlag", "egal", "Deutschkurse für Mütter"]])
    response = fx.upload(client, import_event, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Spalten zuordnen" in html
    assert fx.contributions() == 0
    fields = fx.hidden_fields(html)
    token = fields["token"]
    assert token and token not in (client.get_cookie("session").value
                                   if client.get_cookie("session") else "")
    response = client.post(f"/moderation/events/{import_event.id}/import/preview",
                           data={"token": token, "map_station": "0", "map_kind": "1",
                                 "map_text": "3"})
    html = response.get_data(as_text=True)
    assert "Vorschau des Imports" in html
    assert "Deutschkurse für Mütter" in html
    # A required column left out: the mapping form again, with the message.
    response = client.post(f"/moderation/events/{import_event.id}/import/preview",
                           data={"token": token, "map_station": "0", "map_kind": "1"})
    assert response.status_code == 400
    assert "Bitte ordnen Sie diese Spalten zu" in response.get_data(as_text=True)


# --- preview ----------------------------------------------------------------------------------

def test_preview_resolves_rows_and_reports_errors(app, import_event):
    rows = [*GOOD_ROWS,
            ["Tisch Gesundheit", "goal", "Unbekannter Tisch", "", "", "", ""],
            ["Tisch Sprache", "", "Ohne Art", "", "", "", ""],
            ["Tisch Sprache", "Wunsch", "Unbekannte Art", "", "", "", ""],
            ["Tisch Sprache", "goal", "   ", "", "", "", ""],
            ["Tisch Sprache", "goal", "x" * 5001, "", "", "", ""],
            ["Tisch Sprache", "goal", "Gruppe falsch", "", "", "", "Marsmenschen"]]
    preview = _preview(import_event, fx.csv_bytes(rows))
    first, second, third = preview.rows[:3]
    assert first.station.name == "Tisch Sprache" and first.kind == "measure"
    assert first.title == "Mehr Sprachkurse am Abend für Eltern"
    assert first.group == "migration_history" and first.author == "Maria S."
    assert second.station.topic.slug == "arbeit" and second.kind == "goal"
    assert second.title == "Anerkennung" and second.organisation == "Verein Brücke e.V."
    assert third.station.topic.name == "Sprache" and third.kind == "remark"
    assert [r.number for r in preview.importable] == [2, 3, 4]
    errors = [" ".join(r.errors) for r in preview.with_errors]
    assert "Unbekannte Station" in errors[0]
    assert "Art fehlt" in errors[1]
    assert "Unbekannte Art" in errors[2]
    assert "Text fehlt" in errors[3]
    assert "Text zu lang" in errors[4]
    assert "Unbekannte Gruppe" in errors[5]


def test_derived_title_uses_first_words():
    assert importing.derive_title("eins zwei drei") == "eins zwei drei"
    assert importing.derive_title("a b c d e f g h i j") == "a b c d e f g h …"


def test_preview_warns_about_duplicates_and_writes_nothing(client, login, staff, import_event,
                                                           make_contribution):
    make_contribution(round=import_event.round, topic=import_event.stations[0].topic,
                      title="Sprachkurse am Abend",
                      body="Mehr Sprachkurse am Abend für berufstätige Eltern")
    login(staff)
    rows = [*GOOD_ROWS, GOOD_ROWS[3]]
    response = fx.upload(client, import_event, fx.csv_bytes(rows))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vorschau des Imports" in html
    assert "mehrmals in der Datei" in html
    assert "Ähnlich wie B-" in html
    assert fx.contributions() == 1 and fx.batches() == 0


# --- confirm ----------------------------------------------------------------------------------

def _upload_and_confirm(client, event, data, filename="karten.csv"):
    response = fx.upload(client, event, data, filename)
    fields = fx.hidden_fields(response.get_data(as_text=True))
    return client.post(f"/moderation/events/{event.id}/import/confirm", data=fields)


def test_confirm_imports_valid_rows_once(client, login, staff, import_event, import_folder):
    login(staff)
    rows = [*GOOD_ROWS, ["Tisch Sprache", "Wunsch", "=HYPERLINK(\"http://evil\")", "", "", "",
                         ""]]
    response = _upload_and_confirm(client, import_event, fx.csv_bytes(rows))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/moderation/events/{import_event.id}/imports")
    assert list(import_folder.iterdir()) == []  # the stored upload is gone
    cards = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
    assert len(cards) == 3
    first = cards[0]
    assert (first.source, first.status, first.outcome) == ("import", "published", "pending")
    assert first.event_id == import_event.id and first.station_id == import_event.stations[0].id
    assert first.topic_id == import_event.stations[0].topic_id
    assert first.credited_name == "Maria S." and first.author_id is None
    assert first.credited_group == "migration_history"
    assert cards[1].credited_organisation == "Verein Brücke e.V."
    assert first.captured_by_id == staff.id and first.content_hash
    batch = db.session.scalar(select(ImportBatch))
    assert (batch.filename, batch.rows_imported, batch.rows_skipped) == ("karten.csv", 3, 1)
    assert batch.created_by_id == staff.id
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "import.created"))

    # The same file again: nothing new, the rows are recognised.
    response = _upload_and_confirm(client, import_event, fx.csv_bytes(rows))
    assert fx.contributions() == 3
    second = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    assert (second.rows_imported, second.rows_skipped) == (0, 4)

    history = client.get(f"/moderation/events/{import_event.id}/imports")
    html = history.get_data(as_text=True)
    assert "karten.csv" in html and "Ines Import" in html and "Rückgängig machen" in html


def test_error_report_lists_bad_rows_with_safe_cells(client, login, staff, import_event):
    login(staff)
    rows = [*GOOD_ROWS, ["Tisch Sprache", "Wunsch", "=HYPERLINK(\"http://evil\",\"klick\")",
                         "", "@jemand", "", ""]]
    _upload_and_confirm(client, import_event, fx.csv_bytes(rows))
    batch = db.session.scalar(select(ImportBatch))
    response = client.get(f"/moderation/events/{import_event.id}/imports/{batch.id}/errors.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    report = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert report[0] == [*fx.HEADER, "Fehler"]
    assert len(report) == 2
    assert report[1][2] == "'=HYPERLINK(\"http://evil\",\"klick\")"
    assert report[1][4] == "'@jemand"
    assert "Unbekannte Art" in report[1][-1]


def test_fixed_rows_can_be_imported_afterwards(client, login, staff, import_event):
    login(staff)
    _upload_and_confirm(client, import_event, fx.csv_bytes(
        [fx.HEADER, ["Tisch Sprache", "Wunsch", "Lesepaten", "", "", "", ""]]))
    assert fx.contributions() == 0
    _upload_and_confirm(client, import_event, fx.csv_bytes(
        [fx.HEADER, ["Tisch Sprache", "goal", "Lesepaten", "", "", "", ""]]))
    assert fx.contributions() == 1


def test_failure_midway_imports_nothing(client, login, staff, import_event, monkeypatch):
    login(staff)
    calls = []

    def failing(text, profile="rich"):
        calls.append(text)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return f"<p>{text}</p>"

    monkeypatch.setattr(importing, "render_markdown", failing)
    response = _upload_and_confirm(client, import_event, fx.csv_bytes(GOOD_ROWS))
    assert response.status_code == 302
    assert fx.contributions() == 0 and fx.batches() == 0
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Es wurde nichts importiert" in page


def test_expired_or_foreign_token_is_refused(client, login, staff, import_event):
    login(staff)
    response = client.post(f"/moderation/events/{import_event.id}/import/confirm",
                           data={"token": "../../etc/passwd", "map_station": "0",
                                 "map_kind": "1", "map_text": "2"}, follow_redirects=True)
    assert "nicht mehr vorhanden" in response.get_data(as_text=True)
    assert fx.batches() == 0


# --- undo -------------------------------------------------------------------------------------

def test_undo_hides_the_imported_cards(client, login, staff, import_event):
    login(staff)
    _upload_and_confirm(client, import_event, fx.csv_bytes(GOOD_ROWS))
    batch = db.session.scalar(select(ImportBatch))
    response = client.post(f"/moderation/events/{import_event.id}/imports/{batch.id}/undo")
    assert response.status_code == 302
    cards = db.session.scalars(select(Contribution)).all()
    assert len(cards) == 3  # never deleted
    assert {c.status for c in cards} == {"hidden"}
    assert {c.hidden_reason for c in cards} == {importing.UNDO_REASON}
    db.session.refresh(batch)
    assert batch.undone_at is not None and batch.undone_by_id == staff.id
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "import.undone"))
    # Once undone, the same file can be imported again.
    _upload_and_confirm(client, import_event, fx.csv_bytes(GOOD_ROWS))
    assert fx.contributions() == 6


def test_undo_refused_once_a_card_has_an_outcome(client, login, staff, import_event):
    login(staff)
    _upload_and_confirm(client, import_event, fx.csv_bytes(GOOD_ROWS))
    card = db.session.scalars(select(Contribution)).first()
    card.outcome = "incorporated"
    db.session.commit()
    batch = db.session.scalar(select(ImportBatch))
    page = client.get(f"/moderation/events/{import_event.id}/imports").get_data(as_text=True)
    assert "schon weiterbearbeitet" in page
    response = client.post(f"/moderation/events/{import_event.id}/imports/{batch.id}/undo",
                           follow_redirects=True)
    assert "nicht mehr rückgängig" in response.get_data(as_text=True)
    assert db.session.scalar(select(Contribution).where(Contribution.status == "hidden")) is None


# --- template, permissions --------------------------------------------------------------------

def test_template_csv_has_the_columns(client, login, staff, import_event):
    login(staff)
    response = client.get(f"/moderation/events/{import_event.id}/import/template.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffstation;kind;text;title;author;organisation;group")
    upload = client.get(f"/moderation/events/{import_event.id}/import")
    assert upload.status_code == 200 and "Tisch Sprache" in upload.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/import", "/import/template.csv", "/imports"])
def test_participants_and_anonymous_are_kept_out(client, login, make_user, import_event, path):
    url = f"/moderation/events/{import_event.id}{path}"
    response = client.get(url)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    login(make_user())
    assert client.get(url).status_code == 403
    assert fx.upload(client, import_event, fx.csv_bytes(GOOD_ROWS)).status_code == 403


# --- command line -----------------------------------------------------------------------------

def test_cli_imports_and_reports(app, import_event, tmp_path):
    rows = [*GOOD_ROWS, ["Tisch Gesundheit", "goal", "Falscher Tisch", "", "", "", ""]]
    path = tmp_path / "karten.csv"
    path.write_bytes(fx.csv_bytes(rows))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["events", "import", str(path), "--event", str(import_event.id),
                                 "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Row 5: Unbekannte Station" in result.output
    assert "Dry run" in result.output and fx.contributions() == 0
    result = runner.invoke(args=["events", "import", str(path), "--event", str(import_event.id)])
    assert result.exit_code == 0, result.output
    assert "3 imported, 1 skipped" in result.output
    assert fx.contributions() == 3
    batch = db.session.scalar(select(ImportBatch))
    assert batch.created_by_id is None
    # Nothing new the second time: exit code 1.
    result = runner.invoke(args=["events", "import", str(path), "--event", str(import_event.id)])
    assert result.exit_code == 1 and "0 imported" in result.output
    assert fx.contributions() == 3


def test_cli_refuses_unknown_event_and_unreadable_file(app, import_event, tmp_path):
    path = tmp_path / "bild.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["events", "import", str(path), "--event", "999"])
    assert result.exit_code == 1 and "no event" in result.output
    result = runner.invoke(args=["events", "import", str(path), "--event", str(import_event.id)])
    assert result.exit_code == 1 and "keine Textdatei" in result.output


def test_mapping_refuses_a_column_used_twice_and_can_be_changed(client, login, staff,
                                                                 import_event):
    login(staff)
    data = fx.csv_bytes([fx.HEADER, ["Tisch Sprache", "goal", "<script>alert(1)</script>",
                                     "", "", "", ""]])
    html = fx.upload(client, import_event, data).get_data(as_text=True)
    assert "Vorschau des Imports" in html  # template headers: no mapping step
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    fields = fx.hidden_fields(html)
    response = client.post(f"/moderation/events/{import_event.id}/import/preview",
                           data={**fields, "change_mapping": "1"})
    assert "Spalten zuordnen" in response.get_data(as_text=True)
    response = client.post(f"/moderation/events/{import_event.id}/import/preview",
                           data={**fields, "map_title": "2"})
    assert response.status_code == 400
    assert "nur einmal zugeordnet" in response.get_data(as_text=True)
    assert fx.contributions() == 0


def test_preview_and_import_queries_do_not_grow_with_rows(app, import_event, staff,
                                                         make_contribution):
    from tests.query_counter import count_queries

    make_contribution(round=import_event.round, topic=import_event.stations[0].topic)

    def statements(n: int) -> tuple[int, int]:
        rows = [fx.HEADER] + [["Tisch Sprache" if i % 2 else "arbeit", "goal",
                               f"Karte Nummer {n}-{i}", "", "", "", ""] for i in range(n)]
        event = db.session.get(type(import_event), import_event.id)
        with count_queries(app) as checked:
            preview = _preview(event, fx.csv_bytes(rows))
        with count_queries(app) as imported:
            importing.import_rows(preview, actor=staff)
        db.session.rollback()
        return len(checked), len(imported)

    few, many = statements(3), statements(40)
    assert few[0] == many[0]
    if db.engine.dialect.name != "sqlite":  # SQLite also writes its search index per row
        assert few[1] == many[1]


# --- sentence vectors after an import ---------------------------------------------------------

def test_an_import_queues_the_new_cards_vectors(app, import_event, staff, monkeypatch):
    from app.core import jobs
    from app.similarity import engine, services
    from app.similarity.models import ContributionVector

    computed = []
    monkeypatch.setattr(engine, "embeddings_available", lambda: True)
    monkeypatch.setattr(services, "ensure_vectors", lambda ids: computed.extend(ids))
    importing.import_rows(_preview(import_event, fx.csv_bytes(GOOD_ROWS)), actor=staff)
    db.session.commit()
    assert db.session.scalar(select(ContributionVector)) is None  # nothing computed inside
    job = db.session.scalar(select(jobs.Job).where(jobs.Job.name == "similarity.index"))
    assert job.state == jobs.QUEUED
    app.extensions["kw_jobs"].drain()
    db.session.rollback()
    assert sorted(computed) == sorted(db.session.scalars(select(Contribution.id)))
    assert db.session.get(jobs.Job, job.id).state == jobs.DONE
