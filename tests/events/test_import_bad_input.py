"""Bad input for the import: each gets a clear message and leaves the database unchanged."""

import io

from openpyxl import Workbook

from tests.events import import_fixtures as fx

import_event = fx.import_event
staff = fx.staff
import_folder = fx.import_folder


def _refused(client, event, data, filename, message, status=400):
    response = fx.upload(client, event, data, filename)
    html = response.get_data(as_text=True)
    assert response.status_code == status, html[:300]
    assert message in html
    assert fx.contributions() == 0 and fx.batches() == 0
    return html


def test_binary_file_renamed_to_csv(client, login, staff, import_event, import_folder):
    login(staff)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20
    _refused(client, import_event, png, "karten.csv", "keine Textdatei")
    assert not import_folder.exists() or list(import_folder.iterdir()) == []


def test_binary_without_nul_bytes(client, login, staff, import_event):
    login(staff)
    noise = bytes(b for b in range(1, 32) if b not in (9, 10, 13)) * 100
    _refused(client, import_event, noise, "karten.csv", "keine Textdatei")


def test_empty_file(client, login, staff, import_event):
    login(staff)
    _refused(client, import_event, b"", "karten.csv", "Die Datei ist leer")
    _refused(client, import_event, b"\r\n  \r\n", "karten.csv", "Die Datei ist leer")


def test_header_only(client, login, staff, import_event):
    login(staff)
    _refused(client, import_event, b"station;kind;text\r\n", "karten.csv",
             "keine Zeilen unter den Spalten")


def test_no_file_chosen(client, login, staff, import_event):
    login(staff)
    response = client.post(f"/moderation/events/{import_event.id}/import", data={},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Datei aus" in response.get_data(as_text=True)


def test_hundred_thousand_rows(client, login, staff, import_event):
    login(staff)
    lines = ["station;kind;text"] + [f"Tisch Sprache;goal;Karte {n}" for n in range(100_000)]
    data = ("\r\n".join(lines) + "\r\n").encode()
    assert len(data) < 10 * 1024 * 1024
    _refused(client, import_event, data, "karten.csv", "mehr als 10.000 Zeilen")


def test_too_many_rows_in_xlsx(app, import_event):
    from app.events import import_files

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["station", "kind", "text"])
    for n in range(import_files.MAX_ROWS + 1):
        sheet.append(["Tisch Sprache", "goal", f"Karte {n}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    try:
        import_files.read_table(buffer.getvalue(), "k.xlsx")
    except import_files.ImportRefused as exc:
        assert "mehr als 10.000 Zeilen" in str(exc)
    else:
        raise AssertionError("accepted too many rows")


def test_file_over_ten_megabytes(client, login, staff, import_event):
    login(staff)
    line = "Tisch Sprache;goal;" + "x" * 1000 + "\r\n"
    data = ("station;kind;text\r\n" + line * 10_300).encode()
    assert 10 * 1024 * 1024 < len(data) < 10.5 * 1024 * 1024
    _refused(client, import_event, data, "karten.csv", "zu groß")


def test_fifty_megabyte_upload_is_refused_before_reading(client, login, staff, import_event):
    login(staff)
    data = b"a" * (50 * 1024 * 1024)
    response = fx.upload(client, import_event, data, "gross.csv")
    assert response.status_code == 413
    assert "zu groß" in response.get_data(as_text=True)
    assert fx.batches() == 0


def test_broken_xlsx(client, login, staff, import_event):
    login(staff)
    _refused(client, import_event, b"PK\x03\x04" + b"kaputt" * 100, "karten.xlsx",
             "keine lesbare XLSX-Datei")
    _refused(client, import_event, b"station;kind;text\r\n", "karten.xlsx",
             "keine lesbare XLSX-Datei")


def test_old_excel_format(client, login, staff, import_event):
    login(staff)
    _refused(client, import_event, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
             "karten.xls", ".xlsx oder .csv")


def test_broken_encoding_is_read_as_windows_1252(app, import_event):
    from app.events import import_files

    # Latin-1 bytes that are not UTF-8: read as Windows-1252, not refused, not garbled.
    data = "station;kind;text\r\nTisch Sprache;goal;Übungsräume für Frauen\r\n".encode("cp1252")
    table = import_files.read_table(data, "k.csv")
    assert table.rows[0][2] == "Übungsräume für Frauen"


def test_bytes_undecodable_as_windows_1252(client, login, staff, import_event):
    login(staff)
    # 0x81 and 0x8d are neither UTF-8 here nor defined in Windows-1252.
    data = b"station;kind;text\r\nTisch;goal;\x81\x8d\xff\xfe\r\n"
    _refused(client, import_event, data, "k.csv", "keine lesbare Textdatei")
