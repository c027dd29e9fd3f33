"""The staff's XLSX of a round: every contribution with its credit (anonymity respected),
source, outcome and linked items; the comments on a second sheet."""

from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.reports.conftest import FORMULA

COLUMNS = ["Referenz", "Runde", "Thema", "Art", "Titel", "Text", "Autor/in", "Organisation",
           "Quelle", "Tisch", "Sprache", "Querschnittsthemen", "Status",
           "Grund der Ausblendung", "Unterstützungen", "Kommentare", "Ergebnis", "Begründung",
           "weitergeleitet an", "verknüpfte Elemente", "Anmerkung zu", "Duplikat von",
           "erstellt am"]


@pytest.fixture
def workbook(client, login, staff, draft):
    login(staff)
    response = client.get(f"/export/rounds/{draft.round.id}/contributions.xlsx")
    assert response.status_code == 200
    assert f"Beitraege-Runde-{draft.round.id}.xlsx" in response.headers["Content-Disposition"]
    return load_workbook(BytesIO(response.data))


@pytest.fixture
def rows(workbook, draft) -> dict:
    """Contribution key (of the fixture) -> its row as {column: value}."""
    sheet = workbook["Beiträge"]
    header = [c.value for c in sheet[1]]
    by_reference = {row[0]: dict(zip(header, row, strict=True))
                    for row in sheet.iter_rows(min_row=2, values_only=True)}
    return {key: by_reference[c.reference] for key, c in draft.contributions.items()}


def test_sheets_and_header(workbook, draft):
    assert workbook.sheetnames == ["Beiträge", "Kommentare"]
    sheet = workbook["Beiträge"]
    assert [c.value for c in sheet[1]] == COLUMNS
    assert sheet.freeze_panes == "A2" and all(c.font.bold for c in sheet[1])
    assert sheet.max_row == 1 + len(draft.contributions)  # hidden ones included


def test_online_contribution(rows, draft):
    row = rows["online"]
    assert row["Referenz"] == draft.contributions["online"].reference
    assert row["Runde"] == "Online-Runde Frühjahr"
    assert (row["Thema"], row["Art"]) == ("Sprache", "Maßnahmenvorschlag")
    assert (row["Autor/in"], row["Organisation"]) == ("Zora Zufallsname", None)
    assert (row["Quelle"], row["Sprache"]) == ("online", "Türkçe")
    assert row["Querschnittsthemen"] == "Antidiskriminierung"
    assert (row["Unterstützungen"], row["Kommentare"]) == (2, 2)
    assert (row["Status"], row["Ergebnis"]) == ("veröffentlicht", "eingeflossen")
    assert "Sprachkursberatung" in row["verknüpfte Elemente"]
    assert row["verknüpfte Elemente"].startswith("Sprache · Maßnahme auf Landkreisebene")
    assert isinstance(row["erstellt am"], datetime)


def test_credit_respects_anonymity(rows, workbook):
    assert (rows["organisation"]["Autor/in"], rows["organisation"]["Organisation"]) == (
        "Rita Repräsentantin", "Verein Brückenbauer e. V.")
    card = rows["card"]
    assert (card["Autor/in"], card["Organisation"]) == ("Karl Kartenschreiber",
                                                        "Sonnenblume Kartenverein")
    assert card["Quelle"] == "Dialogveranstaltung: Dialogveranstaltung Juni"
    assert card["Tisch"] == "Tisch Sprache"
    assert (rows["anonymous_card"]["Autor/in"], rows["anonymous_card"]["Organisation"]) == (
        "anonym", None)
    # The staff member who typed the cards in is never credited.
    sheet = workbook["Beiträge"]
    assert not any("Mara Moderation" in str(v) for row in sheet.iter_rows(values_only=True)
                   for v in row)


def test_outcomes_and_links(rows, draft):
    assert "Jeder findet einen passenden Kurs" in rows["organisation"]["verknüpfte Elemente"]
    assert "Oberziel" in rows["anonymous_card"]["verknüpfte Elemente"]
    duplicate = rows["duplicate"]
    assert duplicate["Ergebnis"] == "zusammengeführt"
    assert duplicate["Duplikat von"] == draft.contributions["online"].reference
    assert "Sprachkursberatung" in duplicate["verknüpfte Elemente"]  # through the original
    rejected = rows["rejected"]
    assert (rejected["Ergebnis"], rejected["Begründung"]) == ("nicht aufgenommen",
                                                              "Passt nicht zum Konzept.")
    assert rejected["Text"] == "'" + FORMULA  # neutralised
    assert rows["online"]["Begründung"] is None


def test_hidden_contribution_with_reason(rows):
    assert (rows["hidden"]["Status"], rows["hidden"]["Grund der Ausblendung"]) == (
        "ausgeblendet", "Beleidigung entfernt")
    assert rows["online"]["Grund der Ausblendung"] is None


def test_comments_sheet(workbook, draft):
    sheet = workbook["Kommentare"]
    assert [c.value for c in sheet[1]] == ["Beitrag", "Kommentar-Nr.", "Antwort auf",
                                           "Autor/in", "Text", "Status",
                                           "Grund der Ausblendung", "erstellt am"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    online = draft.contributions["online"].reference
    assert rows[0][:7] == (online, draft.comment.id, None, "Kora Kommentarname",
                           "Gute Idee!", "veröffentlicht", None)
    assert rows[1][:5] == (online, draft.comment.id + 1, draft.comment.id, "Zora Zufallsname",
                           "Danke.")
    hidden = rows[2]
    assert hidden[0] == draft.contributions["organisation"].reference
    assert (hidden[5], hidden[6]) == ("ausgeblendet", "Spam")
    assert isinstance(rows[0][7], datetime)


def test_remarks_name_their_item(app, client, login, staff, draft, make_round):
    from app.contributions.models import Contribution
    from app.extensions import db

    round_ = make_round(concept=draft.concept, kind="network", title="Netzwerkrunde")
    remark = Contribution(round_id=round_.id, topic_id=draft.topic.id, kind="remark",
                          title="Anmerkung", body="Bitte präzisieren.",
                          body_html="<p>Bitte präzisieren.</p>", author_id=staff.id,
                          item_id=draft.measure.id)
    db.session.add(remark)
    db.session.commit()
    login(staff)
    response = client.get(f"/export/rounds/{round_.id}/contributions.xlsx")
    sheet = load_workbook(BytesIO(response.data))["Beiträge"]
    row = dict(zip(COLUMNS, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))
    assert row["Anmerkung zu"].startswith("Maßnahme auf Landkreisebene: Eine *träger")


def test_control_characters_do_not_break_the_file(client, login, staff, draft):
    from app.extensions import db

    contribution = draft.contributions["online"]
    contribution.body = "Zeile\x0bmit Steuerzeichen\x01"
    db.session.commit()
    login(staff)
    response = client.get(f"/export/rounds/{draft.round.id}/contributions.xlsx")
    sheet = load_workbook(BytesIO(response.data))["Beiträge"]
    texts = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Zeilemit Steuerzeichen" in texts
