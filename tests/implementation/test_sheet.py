"""The spreadsheet round trip of implementation, without pages: the downloaded file, checking
the uploaded rows (every kind of bad input) and applying them."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.core.uploads import UploadRefused, read_table
from app.extensions import db
from app.implementation import progress, services, sheet
from app.implementation.models import ProgressEntry
from app.notifications.models import Notification

HEADER = ["Referenz", "Maßnahme", "Verantwortlich", "Status", "Fortschritt (%)",
          "Letzter Eintrag", "Notiz"]


def xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet_ = workbook.active
    sheet_.append(header)
    for row in rows:
        sheet_.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def row(measure, status="", percent="", note=""):
    return [sheet.reference(measure.id), "Text", "", status, percent, None, note]


def check(concept, moderator, data, filename="massnahmen.xlsx"):
    table = read_table(data, filename, formulas=True)
    return sheet.check_sheet(table, progress.overview(concept, user=moderator))


def test_download_holds_every_measure_with_its_state(concept, adopted, draft, moderator,
                                                      state_of):
    services.post_entry(state_of(draft.measures[0]), actor=moderator, text="Begonnen",
                        status=services.status_by_code("in_progress"))
    db.session.commit()
    overview = progress.overview(concept, user=moderator)
    data = sheet.sheet_xlsx(overview.measures, overview.statuses)
    rows = list(load_workbook(BytesIO(data)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 1 + len(draft.measures)
    first = rows[1]
    assert first[0] == sheet.reference(draft.measures[0].id)
    assert first[1] == "Maßnahme sprache 1.1" and first[2] == "Amt für Migration"
    assert (first[3], first[4]) == ("in Umsetzung", 50)
    assert first[5] is not None and first[6] is None
    assert rows[2][3:5] == ("geplant", 0)


def test_the_downloaded_file_unchanged_changes_nothing(concept, adopted, draft, moderator):
    overview = progress.overview(concept, user=moderator)
    preview = check(concept, moderator, sheet.sheet_xlsx(overview.measures, overview.statuses))
    assert len(preview.rows) == 6 and len(preview.unchanged) == 6
    assert not preview.to_apply and not preview.with_errors


def test_references_unknown_missing_or_twice(concept, adopted, draft, moderator):
    m = draft.measures
    preview = check(concept, moderator, xlsx([
        ["M-99999", "", "", "umgesetzt", "", None, ""],
        [sheet.reference(draft.goals[0].id), "", "", "umgesetzt", "", None, ""],  # a goal
        ["", "", "", "umgesetzt", "", None, "ohne Referenz"],
        ["Quatsch", "", "", "", "", None, "x"],
        row(m[0], "umgesetzt"),
        [str(m[0].id), "", "", "", "", None, "schon wieder"],  # the same measure, other spelling
        [f"m {m[1].id}", "", "", "umgesetzt", "", None, ""],
    ]))
    errors = [r.errors for r in preview.rows]
    assert "Unbekannte Referenz „M-99999“" in errors[0][0]
    assert "Unbekannte Referenz" in errors[1][0]
    assert errors[2] == ["Die Referenz fehlt."]
    assert "Unbekannte Referenz „Quatsch“" in errors[3][0]
    assert errors[4] == [] and "steht schon in Zeile 6" in errors[5][0]
    assert errors[6] == [] and preview.rows[6].state.item_id == m[1].id


def test_status_names_in_other_spellings(concept, adopted, draft, moderator):
    m = draft.measures
    services.save_status(None, name="überprüft", default_progress=80, counts_in_rollup=True,
                         actor=moderator)
    db.session.commit()
    spellings = ["in umsetzung", "Umgesetzt ", "  IN   UMSETZUNG", "ueberprueft", "uberpruft",
                 "paused"]
    preview = check(concept, moderator, xlsx([row(m[i], s) for i, s in enumerate(spellings)]))
    assert [r.errors for r in preview.rows] == [[]] * 6
    assert [r.status.code for r in preview.rows] == [
        "in_progress", "done", "in_progress", preview.rows[3].status.code,
        preview.rows[3].status.code, "paused"]
    assert preview.rows[3].status.name == "überprüft"


def test_unknown_and_ambiguous_status_are_row_errors(concept, adopted, draft, moderator):
    m = draft.measures
    services.save_status(None, name="In-Umsetzung", default_progress=40, counts_in_rollup=True,
                         actor=moderator)
    db.session.commit()
    preview = check(concept, moderator, xlsx([row(m[0], "erledigt"), row(m[1], "in umsetzung"),
                                              row(m[2], "umgesetzt")]))
    assert "Unbekannter Status „erledigt“" in preview.rows[0].errors[0]
    assert "geplant" in preview.rows[0].errors[0]  # says what is possible
    assert "nicht eindeutig" in preview.rows[1].errors[0]
    assert preview.rows[2].errors == []


@pytest.mark.parametrize("value, expected", [
    ("40", 40), ("40 %", 40), ("40,0", 40), (40, 40), (0, 0), ("100%", 100),
    ("150", None), ("-3", None), ("viel", None), ("12,5", None), (101, None), (7.5, None),
])
def test_percentages(concept, adopted, draft, moderator, value, expected):
    preview = check(concept, moderator, xlsx([row(draft.measures[0], "", value)]))
    result = preview.rows[0]
    if expected is None:
        assert "keine ganze Zahl von 0 bis 100" in result.errors[0]
    else:
        assert result.errors == [] and result.progress == expected


def test_cells_with_formulas_are_refused_per_row(concept, adopted, draft, moderator):
    m = draft.measures
    preview = check(concept, moderator, xlsx([
        row(m[0], "umgesetzt", "=50+50"),
        row(m[1], "umgesetzt", "", '=HYPERLINK("http://example.org","klick")'),
        row(m[2], "umgesetzt", "", "Text mit = darin"),
    ]))
    assert "„Fortschritt (%)“ enthält eine Formel" in preview.rows[0].errors[0]
    assert "„Notiz“ enthält eine Formel" in preview.rows[1].errors[0]
    assert preview.rows[2].errors == [] and preview.rows[2].note == "Text mit = darin"


def test_a_file_without_the_columns_is_refused(concept, adopted, draft, moderator):
    with pytest.raises(UploadRefused, match="Referenz"):
        check(concept, moderator, xlsx([["x", "umgesetzt"]], header=["Maßnahme", "Status"]))
    with pytest.raises(UploadRefused, match="nichts zu übernehmen"):
        check(concept, moderator, xlsx([["M-1", "x"]], header=["Referenz", "Maßnahme"]))


def test_a_status_change_with_the_old_progress_is_pointed_out(concept, adopted, draft,
                                                              moderator):
    preview = check(concept, moderator, xlsx([row(draft.measures[0], "umgesetzt", 0),
                                              row(draft.measures[1], "umgesetzt", "")]))
    assert "der Fortschritt ist aber der alte" in preview.rows[0].warnings[0]
    assert preview.rows[1].warnings == []


def test_csv_with_semicolons_works_too(concept, adopted, draft, moderator):
    data = ("Referenz;Status;Notiz\r\n"
            f"{sheet.reference(draft.measures[0].id)};In Umsetzung;Kurs läuft\r\n").encode()
    preview = check(concept, moderator, data, "liste.csv")
    assert preview.rows[0].errors == [] and preview.rows[0].changes


def test_apply_writes_entries_audit_and_notifications_and_twice_changes_nothing(
        concept, adopted, draft, idea, author, moderator):
    m = draft.measures
    data = xlsx([row(m[0], "in umsetzung", "", "Der erste Kurs läuft."),
                 row(m[1], "", "30", ""),
                 row(m[2], "", "", "Gespräche mit der VHS"),
                 row(m[3]),
                 row(m[4], "erledigt", "", "Fehler: wird übersprungen")])
    preview = check(concept, moderator, data)
    assert [len(preview.to_apply), len(preview.unchanged), len(preview.with_errors)] == [3, 1, 1]
    assert db.session.scalar(select(func.count(ProgressEntry.id))) == 0  # checking wrote nothing
    assert sheet.apply_sheet(preview, actor=moderator, filename="massnahmen.xlsx") == 3
    db.session.commit()
    entries = list(db.session.scalars(select(ProgressEntry).order_by(ProgressEntry.id)))
    assert [e.text for e in entries] == ["Der erste Kurs läuft.", "", "Gespräche mit der VHS"]
    assert all(e.author_id == moderator.id for e in entries)
    overview = progress.overview(concept, user=moderator)
    states = {s.item_id: s for s in overview.measures}
    assert states[m[0].id].status.code == "in_progress" and states[m[0].id].progress == 50
    assert states[m[1].id].progress == 30 and states[m[1].id].status.code == "planned"
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == author.id, Notification.kind == services.KIND)) == 1
    audit = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "implementation.sheet_applied"))
    assert audit.after["applied"] == 3 and audit.after["errors"] == 1
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "implementation.entry_posted")) == 3

    again = check(concept, moderator, data)
    assert not again.to_apply and len(again.unchanged) == 4
    assert again.rows[0].note_known and again.rows[2].note_known
    assert sheet.apply_sheet(again, actor=moderator) == 0
    db.session.commit()
    assert db.session.scalar(select(func.count(ProgressEntry.id))) == 3


def test_only_staff_apply(concept, adopted, draft, moderator, make_user):
    preview = check(concept, moderator, xlsx([row(draft.measures[0], "umgesetzt")]))
    with pytest.raises(services.ImplementationError):
        sheet.apply_sheet(preview, actor=make_user())
    assert db.session.scalar(select(func.count(ProgressEntry.id))) == 0
