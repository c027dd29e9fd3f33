"""The accessibility check itself: axe-core is in every page of a test's context and finds a
violation when there is one (so that "zero violations" elsewhere means something), and a
document is checked again whenever it changed."""

import pytest
from playwright.sync_api import Error

from tests.e2e.helpers import axe_violations, check_page


def test_axe_is_loaded_with_each_page_and_finds_violations(page, live_server):
    page.goto("/")
    assert page.evaluate("typeof window.axe") == "object"  # added when the page was created
    assert axe_violations(page) == []
    page.set_content('<html lang="de"><body><main><h1>Test</h1><img src="x.png">'
                     '<input type="text"></main></body></html>')
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label"} <= found
    assert any("image-alt" in problem for problem in check_page(page))


def test_a_page_of_another_context_gets_axe_on_its_first_check(browser, live_server):
    context = browser._browser.new_context(base_url=live_server.url)  # without axe
    try:
        page = context.new_page()
        page.set_content('<html lang="de"><body><main><h1>Test</h1><img src="x.png"></main>'
                         '</body></html>')
        assert page.evaluate("typeof window.axe") == "undefined"
        assert "image-alt" in {v["id"] for v in axe_violations(page)}
        assert page.evaluate("typeof window.axe") == "object"  # it ran, no earlier result
    finally:
        context.close()


def test_only_an_unchanged_document_keeps_its_result(page, live_server):
    page.set_content('<html lang="de"><head><title>Test</title></head><body><main><h1>Test</h1>'
                     '<label for="f">Name</label><input id="f"></main></body></html>')
    assert axe_violations(page) == []
    # From here on a run of axe fails: the same document is not checked again ...
    page.evaluate("() => { window.realAxeRun = axe.run; "
                  "axe.run = () => { throw new Error('ran'); }; }")
    assert axe_violations(page) == []
    # ... but one with a value typed, a field focused or an element added is.
    page.fill("#f", "Ada")
    with pytest.raises(Error, match="ran"):
        axe_violations(page)
    page.fill("#f", "")  # the value as before, the field still focused
    with pytest.raises(Error, match="ran"):
        axe_violations(page)
    page.evaluate("document.activeElement.blur()")  # the document as checked
    assert axe_violations(page) == []
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                  "'<img src=\"x.png\">')")
    with pytest.raises(Error, match="ran"):
        axe_violations(page)
    page.evaluate("() => { axe.run = window.realAxeRun; }")
    assert "image-alt" in {v["id"] for v in axe_violations(page)}


def test_german_data_outside_lang_de_is_a_problem_on_english_pages(page, live_server):
    page.set_content('<html lang="en"><head><title>Topic</title></head><body><main>'
                     '<h1>Topic: <span lang="de">Sprache</span></h1>'
                     '<p>Responsible: <span lang="de">Amt für Migration und Integration</span>'
                     '</p></main></body></html>')
    assert check_page(page) == []
    page.evaluate("document.querySelector('p span').removeAttribute('lang')")
    problems = check_page(page)
    assert len(problems) == 1 and "Amt, für, und" in problems[0], problems
    page.evaluate("document.documentElement.lang = 'de'")  # a German page: nothing to mark
    assert check_page(page) == []
