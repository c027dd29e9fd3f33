"""Hostile import files are refused (or cut short) before they cost much: millions of empty
rows, zip bombs, rows with endless cells, archives of countless parts. The files are built
here as raw sheet XML in a zip, which is fast; the tests assert limits and behaviour, never
time."""

import io
import zipfile

import pytest

from app.events import import_files
from tests.events import import_fixtures as fx

import_event = fx.import_event
staff = fx.staff
import_folder = fx.import_folder

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}"><Relationship '
        f'Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheets><sheet name="Karten" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}"><Relationship '
        f'Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
}


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_AND_CARD = (
    f'<row r="1">{_cell("A1", "station")}{_cell("B1", "kind")}{_cell("C1", "text")}</row>'
    f'<row r="2">{_cell("A2", "Tisch Sprache")}{_cell("B2", "goal")}'
    f'{_cell("C2", "Sprachkurse am Abend")}</row>').encode()


def xlsx(*sheet_chunks: bytes, dimension: str = "", extra_parts: int = 0) -> bytes:
    """A minimal XLSX whose first sheet's <sheetData> holds `sheet_chunks` (streamed into the
    archive, so a sheet of hundreds of megabytes costs little to build)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        for n in range(extra_parts):
            archive.writestr(f"customXml/item{n}.xml", "<x/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
                        .encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for chunk in sheet_chunks:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def empty_rows(first: int, count: int):
    for start in range(first, first + count, 100_000):
        yield b"".join(b'<row r="%d"/>' % n for n in range(start, min(start + 100_000,
                                                                       first + count)))


def megabytes_of_one_letter(megabytes: int):
    yield (b'<row r="3">' + _cell("A3", "Tisch Sprache").encode()
           + _cell("B3", "goal").encode() + b'<c r="C3" t="inlineStr"><is><t>')
    block = b"A" * (1024 * 1024)
    for _ in range(megabytes):
        yield block
    yield b"</t></is></c></row>"


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fails the test if openpyxl is asked to open the file: the refusal comes first."""
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a file that should have been refused before")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def _read(app, data: bytes, filename="karten.xlsx") -> import_files.Table:
    return import_files.read_table(data, filename)


def _refusal(app, data: bytes, filename="karten.xlsx") -> str:
    with pytest.raises(import_files.ImportRefused) as refused:
        import_files.read_table(data, filename)
    return str(refused.value)


def test_two_million_empty_rows_are_refused_before_openpyxl_opens_the_file(app, no_openpyxl):
    data = xlsx(HEADER_AND_CARD, *empty_rows(3, 2_000_000))
    assert len(data) < import_files.MAX_FILE_BYTES
    message = _refusal(app, data)
    assert "mehr als 51.000 Zeilen, leere mitgezählt" in message
    assert "formatierte Zeilen" in message


def test_two_million_empty_rows_through_the_upload_form(client, login, staff, import_event,
                                                        import_folder):
    login(staff)
    data = xlsx(HEADER_AND_CARD, *empty_rows(3, 2_000_000))
    response = fx.upload(client, import_event, data, "karten.xlsx")
    assert response.status_code == 400
    assert "mehr als 51.000 Zeilen" in response.get_data(as_text=True)
    assert fx.contributions() == 0 and fx.batches() == 0
    assert not import_folder.exists() or list(import_folder.iterdir()) == []


def test_a_row_two_million_rows_down_ends_reading_at_the_blank_run(app):
    # Two row elements only, but without a dimension openpyxl fills the gap with two million
    # empty rows: reading stops after MAX_BLANK_RUN of them and says so.
    far = b'<row r="2000000">' + _cell("A2000000", "Tisch Sprache").encode() + b"</row>"
    table = _read(app, xlsx(HEADER_AND_CARD, far))
    assert [row[2] for row in table.rows] == ["Sprachkurse am Abend"]
    assert any("Nach Zeile 2 folgen 1.000 leere Zeilen" in note for note in table.notes)


def test_a_dimension_claiming_a_million_rows_is_not_trusted(app):
    table = _read(app, xlsx(HEADER_AND_CARD, dimension="A1:C1048576"))
    assert len(table.rows) == 1 and table.notes == []


def test_blank_rows_between_cards_are_skipped_not_the_end(app):
    later = (b'<row r="900">' + _cell("A900", "Tisch Sprache").encode()
             + _cell("B900", "goal").encode() + _cell("C900", "Noch eine Karte").encode()
             + b"</row>")
    table = _read(app, xlsx(HEADER_AND_CARD, *empty_rows(3, 500), later))
    assert [row[2] for row in table.rows] == ["Sprachkurse am Abend", "Noch eine Karte"]
    assert table.line_numbers == [2, 900] and table.notes == []


def test_zip_bomb_is_refused_by_its_unpacked_size(app, no_openpyxl):
    data = xlsx(HEADER_AND_CARD, *megabytes_of_one_letter(120))
    assert len(data) < 300 * 1024  # 120 MB unpacked from a file of about 120 kB
    message = _refusal(app, data)
    assert "entpackt zu groß (120 MB, höchstens 50 MB)" in message
    assert "es wurde nichts importiert" in message


def test_zip_bomb_through_the_upload_form(client, login, staff, import_event):
    login(staff)
    response = fx.upload(client, import_event, xlsx(HEADER_AND_CARD,
                                                    *megabytes_of_one_letter(300)),
                         "karten.xlsx")
    assert response.status_code == 400
    assert "entpackt zu groß" in response.get_data(as_text=True)
    assert fx.contributions() == 0 and fx.batches() == 0


def test_small_zip_bomb_is_refused_by_its_compression_ratio(app, no_openpyxl):
    data = xlsx(HEADER_AND_CARD, *megabytes_of_one_letter(20))
    message = _refusal(app, data)
    assert "ungewöhnlich stark komprimiert" in message


def test_row_with_endless_cells_is_refused(app, no_openpyxl):
    cells = b"".join(b'<c r="A4" t="inlineStr"><is><t>x</t></is></c>'
                     for _ in range(import_files.MAX_ROW_CELLS + 1))
    message = _refusal(app, xlsx(HEADER_AND_CARD, b'<row r="4">' + cells + b"</row>"))
    assert "mehr als 16.384 Zellen" in message


def test_archive_of_countless_parts_is_refused(app, no_openpyxl):
    message = _refusal(app, xlsx(HEADER_AND_CARD, extra_parts=import_files.MAX_XLSX_ENTRIES))
    assert "aus zu vielen Teilen" in message


def test_only_the_first_fifty_columns_are_read(app):
    from openpyxl.utils import get_column_letter

    cells = "".join(_cell(f"{get_column_letter(n + 1)}2", f"v{n}") for n in range(200))
    header = "".join(_cell(f"{get_column_letter(n + 1)}1", f"h{n}") for n in range(200))
    table = _read(app, xlsx(f'<row r="1">{header}</row><row r="2">{cells}</row>'.encode()))
    assert len(table.headers) == import_files.MAX_COLUMNS
    assert table.rows[0][-1] == f"v{import_files.MAX_COLUMNS - 1}"


def test_csv_with_a_million_blank_lines_ends_at_the_blank_run(app):
    data = b"station;kind;text\r\nTisch Sprache;goal;Karte\r\n" + b"\r\n" * 1_000_000
    table = _read(app, data, "karten.csv")
    assert len(table.rows) == 1
    assert any("Nach Zeile 2 folgen 1.000 leere Zeilen" in note for note in table.notes)


def test_csv_with_a_few_blank_lines_between_cards(app):
    data = (b"station;kind;text\r\nTisch Sprache;goal;Eins\r\n" + b";;\r\n" * 999
            + b"Tisch Sprache;goal;Zwei\r\n" + b"\r\n" * 3)
    table = _read(app, data, "karten.csv")
    assert [row[2] for row in table.rows] == ["Eins", "Zwei"] and table.notes == []


def test_csv_rows_of_blank_lines_beyond_the_scan_limit_are_refused(app, monkeypatch):
    # Cards separated by blank runs just short of the limit: the rows looked at are bounded.
    from app.core import uploads

    monkeypatch.setattr(uploads, "MAX_SCANNED_ROWS", 50)
    monkeypatch.setattr(uploads, "MAX_BLANK_RUN", 10)
    data = b"station;kind;text\r\n" + (b"Tisch Sprache;goal;Karte\r\n" + b"\r\n" * 9) * 10
    message = _refusal(app, data, "karten.csv")
    assert "mehr als 10.000 Zeilen" in message
