"""The participation report in the browser: the public opens /report/, switches to a round,
reads a chart's table with the keyboard and downloads the PDF and the CSV; the page has no
axe violations in German, English and Arabic and no horizontal overflow at 390 px."""

from pathlib import Path

from tests.e2e.helpers import check_page, visit, with_lang


def test_public_reads_and_downloads_the_report(page, demo):
    visit(page, "/report/")
    assert page.locator("svg.chart").count() >= 4
    round_link = page.locator(".report-scope a").nth(1)
    round_title = round_link.inner_text()
    round_link.click()
    page.wait_for_url("**/report/rounds/*")
    assert round_title in page.locator("h1").inner_text()
    assert page.locator(".report-scope a[aria-current=page]").inner_text() == round_title
    problems = check_page(page)
    assert not problems, "\n".join(problems)

    # The numbers of the channels chart: reached with Tab, named by its caption.
    page.locator("h1").click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-labelledby')") == (
                "channels-caption"):
            break
    else:
        raise AssertionError("the table of the channels chart is not reachable with Tab")
    focused = page.locator(":focus")
    assert "Beiträge" in focused.inner_text()
    assert focused.locator("tbody tr").count() == 4

    with page.expect_download() as csv_download:
        page.locator("a[href$='participation.csv']").click()
    data = Path(csv_download.value.path()).read_bytes()
    assert data.startswith("\ufeff".encode()) and b"table;row_code;row" in data

    # Rendering the PDF takes WeasyPrint a few seconds (more on a busy machine): the click
    # does not wait for the response, the download does.
    with page.expect_download(timeout=90_000) as pdf_download:
        page.locator("a[href$='participation.pdf']").click(no_wait_after=True)
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF")


def test_report_in_three_languages_on_a_desktop_and_a_phone(page, demo):
    problems = []
    for lang in ("de", "en", "ar"):
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(with_lang("/report/", lang))
        assert response is not None and response.status == 200
        problems.extend(check_page(page))
        page.set_viewport_size({"width": 390, "height": 844})
        overflow = page.evaluate("document.documentElement.scrollWidth - "
                                 "document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"/report/ in {lang}: {overflow} px wider than a 390 px phone")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert not problems, "\n\n".join(problems)
