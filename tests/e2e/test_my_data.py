"""Journey of a participant who wants all their data: from the profile to the data page, the
ZIP download, and the readable copy inside it (checked with axe like every page)."""

import json
import re
import zipfile

from playwright.sync_api import expect

from tests.accounts.everything import EMAIL, NAME, person_who_did_everything
from tests.e2e.helpers import assert_accessible, check_page, login, visit
from tests.factories import PASSWORD


def test_participant_downloads_all_their_data(page, app, make_user, make_round,
                                              make_contribution, tmp_path):
    e = person_who_did_everything(app, make_user, make_round, make_contribution)
    login(page, EMAIL, PASSWORD)
    visit(page, "/me/profile")
    page.get_by_role("link", name="Meine Daten herunterladen").click()

    expect(page).to_have_url(re.compile(r"/me/data$"))
    expect(page.locator("h1")).to_have_text("Meine Daten")
    kinds = page.get_by_role("table", name="Was wir über Sie speichern")
    expect(kinds.get_by_role("row", name="Beiträge")).to_contain_text("1")
    expect(kinds.get_by_role("row", name="Karten von Dialogveranstaltungen mit Ihrem Namen")
           ).to_contain_text("1")
    problems = check_page(page)
    assert not problems, "\n".join(problems)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Meine Daten als ZIP herunterladen").click()
    download = download_info.value
    assert re.fullmatch(r"konzeptwerkstatt-meine-daten-\d{4}-\d{2}-\d{2}\.zip",
                        download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["meine-daten.html", "meine-daten.json"]
        data = json.loads(archive.read("meine-daten.json"))
        html = archive.read("meine-daten.html").decode()

    assert data["account"]["display_name"] == NAME
    assert data["contributions"][0]["reference"] == e.contribution.reference
    assert data["contributions"][0]["revisions"][0]["title"] == "Abendkurse"
    assert data["comments"][0]["body"] == "Gute Idee!"
    assert data["event_cards"][0]["matched_by"] == "name"
    assert data["review_verdicts"][0]["remark"] == "Wer bezahlt die Kurse?"

    # The readable copy works offline and is as accessible as the site.
    page.set_content(html)
    expect(page.locator("h1")).to_have_text("Ihre Daten bei der Konzeptwerkstatt")
    expect(page.locator("#section-contributions")).to_have_text("Beiträge")
    expect(page.get_by_text("Abendkurse für Berufstätige", exact=True)).to_be_visible()
    problems = check_page(page)
    assert not problems, "\n".join(problems)

    # Back on the site (the download changed nothing): the page still counts the same.
    visit(page, "/me/data")
    assert_accessible(page)
