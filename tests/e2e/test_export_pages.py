"""The export pages in the browser: the downloads page (public and staff), the print view and
the page shown before any version is published; no axe violations, exactly one h1."""

import pytest

from tests.e2e.helpers import check_page, login, visit, with_lang


@pytest.mark.parametrize("lang", ["de", "en", "ar"])
def test_export_page_and_print_view(page, demo, lang):
    problems = []
    for path in ["/export/", "/export/concept/print"]:
        response = page.goto(with_lang(path, lang))
        assert response is not None and response.status == 200, path
        problems.extend(check_page(page))
    assert not problems, "\n\n".join(problems)
    # The print view is written in the concept's language, whatever the UI language.
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("table.measures th[scope=col]").first.is_visible()


def test_export_pages_for_staff(page, demo):
    login(page, demo.moderator, demo.password)
    visit(page, "/export/")
    assert page.locator("a[href*='/contributions.xlsx']").count() >= 1
    number = page.locator("#version option").nth(0).get_attribute("value")
    page.locator("#version").select_option(number)
    page.locator("form.filter-bar [type=submit]").click()
    assert f"version={number}" in page.url
    problems = check_page(page)
    visit(page, f"/export/concept/print?version={number}")
    assert not problems, "\n\n".join(problems)


def test_no_version_yet(page, db):
    visit(page, "/export/", status=404)
    assert "Noch keine Fassung" in page.locator("h1").inner_text()
