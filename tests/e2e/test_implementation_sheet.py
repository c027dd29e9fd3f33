"""The spreadsheet round trip in the browser: staff download the measures of one responsible
body as XLSX, fill it in, upload it, see the preview and confirm. Every page visited is
checked with axe and for exactly one h1, in German and in Arabic."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from app.extensions import db
from tests.e2e.helpers import check_page, login, visit, with_lang
from tests.factories import PASSWORD
from tests.implementation.conftest import adopt, build_draft

NOTE = "Die Kurse in Singen sind voll belegt."


@pytest.fixture
def measures(app, make_user, make_concept):
    moderator = make_user(roles={"moderator"}, display_name="Mara Moderation",
                          email="mara@example.org")
    concept = make_concept()
    draft = build_draft(concept, moderator)
    adopt(concept, moderator)
    ids = [m.id for m in draft.measures]
    db.session.rollback()
    return ids


def _assert_page_ok(page) -> None:
    problems = check_page(page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_sheet_round_trip(page, measures, tmp_path, live_server, lang):
    login(page, "mara@example.org", PASSWORD)
    visit(page, with_lang("/implementation/manage?responsible=Jobcenter", lang))
    visit(page, with_lang("/implementation/manage/sheet", lang))
    assert page.locator("html").get_attribute("lang") == lang

    page.locator("#responsible").select_option("Jobcenter")
    with page.expect_download() as info:
        page.locator("form[action$='sheet.xlsx'] [type=submit]").click()
    workbook = load_workbook(BytesIO(info.value.path().read_bytes()))
    rows = list(workbook.active.iter_rows(min_row=2))
    assert len(rows) == 3 and {r[2].value for r in rows} == {"Jobcenter"}
    rows[0][3].value, rows[0][6].value = "in umsetzung", NOTE
    rows[1][4].value = 150  # a row error
    filled = tmp_path / "massnahmen-jobcenter.xlsx"
    workbook.save(filled)

    page.locator("#file").set_input_files(str(filled))
    page.locator("form[enctype] [type=submit]").click()
    page.wait_for_load_state("load")
    expect(page.locator("#sheet-summary")).to_contain_text("3")
    expect(page.locator("table.import-preview")).to_contain_text(NOTE)
    expect(page.locator(".import-row--error")).to_have_count(1)
    _assert_page_ok(page)

    page.locator("form[action$='/sheet/confirm'] [type=submit]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/implementation/manage")
    _assert_page_ok(page)
    item_id = int(rows[0][0].value.removeprefix("M-"))
    visit(page, f"/implementation/measures/{item_id}")
    expect(page.locator("#timeline")).to_contain_text(NOTE)
