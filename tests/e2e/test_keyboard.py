"""Keyboard use: the skip link comes first and jumps to the main content."""

from playwright.sync_api import expect

from tests.e2e.helpers import visit


def test_skip_link_is_first_and_moves_focus_to_main(page, demo):
    visit(page, "/")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).not_to_be_in_viewport()  # hidden until focused

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#main")
    expect(skip_link).to_be_in_viewport()  # visible while it has the focus

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("#main")

    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    in_main = page.evaluate("document.activeElement.closest('main') !== null")
    assert in_main, page.evaluate("document.activeElement.outerHTML")
