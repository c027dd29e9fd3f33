"""Pages of the spreadsheet round trip: who may use them, the download with its filter, the
preview that writes nothing, the confirmation that writes, the same file a second time."""

import re
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.extensions import db
from app.implementation import sheet
from app.implementation.models import ImplementationRecord, ProgressEntry
from tests.conftest import Login

PAGES = ["/implementation/manage/sheet", "/implementation/manage/sheet.xlsx"]


def entries() -> int:
    return db.session.scalar(select(func.count(ProgressEntry.id)))


def download(client, **args) -> BytesIO:
    response = client.get("/implementation/manage/sheet.xlsx", query_string=args)
    assert response.status_code == 200 and response.mimetype == sheet.XLSX_MIMETYPE
    return BytesIO(response.data)


def filled(client, values: dict[int, tuple], **args) -> BytesIO:
    """The downloaded file with status, progress and note filled in per measure id."""
    workbook = load_workbook(download(client, **args))
    rows = workbook.active.iter_rows(min_row=2)
    for cells in rows:
        item_id = int(cells[0].value.removeprefix("M-"))
        if item_id in values:
            status, percent, note = values[item_id]
            cells[3].value, cells[4].value, cells[6].value = status, percent, note
    out = BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def upload(client, data: BytesIO, name="massnahmen.xlsx"):
    return client.post("/implementation/manage/sheet", data={"file": (data, name)},
                       content_type="multipart/form-data")


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_anonymous_and_participants_are_kept_out(client, login, participant, concept, adopted,
                                                 draft):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.location
    assert client.post("/implementation/manage/sheet/confirm",
                       data={"token": "x" * 30}).status_code == 302
    login(participant)
    for path in PAGES:
        assert client.get(path).status_code == 403
    assert client.post("/implementation/manage/sheet/confirm",
                       data={"token": "x" * 30}).status_code == 403
    assert client.post("/implementation/manage/sheet",
                       data={"file": (BytesIO(b"Referenz;Status\r\nM-1;x\r\n"), "a.csv")},
                       content_type="multipart/form-data").status_code == 403


def test_download_for_one_responsible_body(client, login, moderator, concept, adopted, draft):
    login(moderator)
    page = client.get("/implementation/manage?responsible=Jobcenter").get_data(as_text=True)
    assert "/implementation/manage/sheet.xlsx?responsible=Jobcenter" in page
    assert "/implementation/manage/sheet" in client.get("/implementation/manage").get_data(
        as_text=True)
    everything = list(load_workbook(download(client)).active.iter_rows(values_only=True))
    jobcenter = list(load_workbook(download(client, responsible="Jobcenter"))
                     .active.iter_rows(values_only=True))
    assert len(everything) == 7 and len(jobcenter) == 4
    assert {r[2] for r in jobcenter[1:]} == {"Jobcenter"}
    # an unknown body gives all of them rather than an empty file
    assert len(list(load_workbook(download(client, responsible="Niemand"))
                    .active.iter_rows(values_only=True))) == 7


def test_upload_preview_writes_nothing_and_confirm_applies(client, login, moderator, concept,
                                                           adopted, draft):
    login(moderator)
    m = draft.measures
    data = filled(client, {m[0].id: ("Umgesetzt ", None, "Alle Kurse laufen."),
                           m[1].id: ("in umsetzung", 40, None),
                           m[2].id: ("erledigt", None, None)})
    audits = db.session.scalar(select(func.count(AuditEntry.id)))
    content = data.getvalue()
    preview = upload(client, data)
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "Vorschau der Tabelle" in html and "Noch ist nichts gespeichert" in html
    assert "6 Zeilen: 2 ändern eine Maßnahme, 3 sind unverändert, 1 haben Fehler" in html
    assert "Unbekannter Status „erledigt“" in html
    assert entries() == 0 and db.session.scalar(select(func.count(ImplementationRecord.id))) == 0
    assert db.session.scalar(select(func.count(AuditEntry.id))) == audits

    response = client.post("/implementation/manage/sheet/confirm",
                           data={"token": token_of(preview)})
    assert response.status_code == 302 and response.location.endswith("/implementation/manage")
    assert entries() == 2
    page = client.get("/implementation/manage").get_data(as_text=True)
    assert "Die Tabelle ist übernommen: 2 Maßnahmen geändert." in page
    # the stored file is gone once applied
    again = client.post("/implementation/manage/sheet/confirm",
                        data={"token": token_of(preview)})
    assert again.status_code == 302 and entries() == 2

    # the same file a second time: every row unchanged, nothing to confirm
    second = upload(client, BytesIO(content))
    html = second.get_data(as_text=True)
    assert "2 ändern" not in html and "5 sind unverändert, 1 haben Fehler" in html
    assert 'disabled aria-disabled="true">0 Maßnahmen ändern' in html
    client.post("/implementation/manage/sheet/confirm", data={"token": token_of(second)})
    assert entries() == 2


def test_bad_files_get_clear_errors(client, login, moderator, concept, adopted, draft):
    login(moderator)
    response = upload(client, BytesIO(b"Name;Farbe\r\nA;blau\r\n"), "liste.csv")
    assert response.status_code == 400
    assert "keine Spalte „Referenz“" in response.get_data(as_text=True)
    response = upload(client, BytesIO(b"PK\x03\x04kaputt"), "liste.xlsx")
    assert response.status_code == 400 and "keine lesbare XLSX-Datei" in response.get_data(
        as_text=True)
    response = client.post("/implementation/manage/sheet", data={},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "Bitte wählen Sie eine Datei aus." in \
        response.get_data(as_text=True)
    assert entries() == 0


def test_a_token_is_good_only_for_its_user(app, client, login, moderator, make_user, concept,
                                           adopted, draft):
    login(moderator)
    data = filled(client, {draft.measures[0].id: ("umgesetzt", None, None)})
    token = token_of(upload(client, data))
    colleague = app.test_client()
    Login(colleague)(make_user(roles={"moderator"}))
    response = colleague.post("/implementation/manage/sheet/confirm", data={"token": token})
    assert response.status_code == 302 and response.location.endswith("/manage/sheet")
    assert entries() == 0


def test_a_fault_midway_applies_nothing(client, login, moderator, concept, adopted, draft,
                                        monkeypatch):
    from app.implementation import services

    login(moderator)
    m = draft.measures
    data = filled(client, {m[0].id: ("umgesetzt", None, "eins"),
                           m[1].id: ("umgesetzt", None, "zwei")})
    token = token_of(upload(client, data))
    real, calls = services.post_entry, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "post_entry", failing)
    response = client.post("/implementation/manage/sheet/confirm", data={"token": token})
    assert response.status_code == 302 and len(calls) == 2
    assert entries() == 0 and db.session.scalar(select(func.count(ImplementationRecord.id))) == 0


def test_a_long_preview_has_its_button_below_the_table_too(client, login, moderator, concept,
                                                           adopted, draft):
    login(moderator)
    workbook = load_workbook(download(client))
    for n in range(11):
        workbook.active.append([f"M-{900000 + n}", "", "", "umgesetzt", None, "", ""])
    data = BytesIO()
    workbook.save(data)
    data.seek(0)
    html = upload(client, data).get_data(as_text=True)
    assert html.count('action="/implementation/manage/sheet/confirm"') == 2
    table_end = html.index("</table>")
    assert html.find('action="/implementation/manage/sheet/confirm"', table_end) > table_end
    short = upload(client, filled(client, {})).get_data(as_text=True)
    assert short.count('action="/implementation/manage/sheet/confirm"') == 1
