"""The accessibility check itself: axe-core is added to a page on its first check and finds a
violation when there is one (so that "zero violations" elsewhere means something), a document is
checked again whenever it changed, and a result is shared with the other processes of the run
only for the same document."""

import pytest
from playwright.sync_api import Error

from tests.e2e import helpers
from tests.e2e.helpers import axe_violations, check_page

SABOTAGE = "() => { window.realAxeRun = axe.run; axe.run = () => { throw new Error('ran'); }; }"


@pytest.fixture(autouse=True)
def own_results(monkeypatch, tmp_path):
    """Results of this test only: the documents below are checked for real, not answered by
    the same test of the other database's suite."""
    def folder(name):
        path = tmp_path / name
        path.mkdir(exist_ok=True)
        return path

    monkeypatch.setattr(helpers, "_checked", {})
    monkeypatch.setattr(helpers, "shared_folder", folder)


def test_axe_is_added_on_the_first_check_and_finds_violations(page, live_server):
    page.goto("/")
    assert page.evaluate("typeof window.axe") == "undefined"  # not in every page that opens
    assert axe_violations(page) == []
    assert page.evaluate("typeof window.axe") == "object"
    page.set_content('<html lang="de"><body><main><h1>Test</h1><img src="x.png">'
                     '<input type="text"></main></body></html>')
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label"} <= found
    assert any("image-alt" in problem for problem in check_page(page))


def test_only_an_unchanged_document_keeps_its_result(page, live_server):
    page.set_content('<html lang="de"><head><title>Test</title></head><body><main><h1>Test</h1>'
                     '<label for="f">Name</label><input id="f"></main></body></html>')
    assert axe_violations(page) == []
    # From here on a run of axe fails: the same document is not checked again ...
    page.evaluate(SABOTAGE)
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


def test_another_process_reuses_a_result_only_for_the_same_document(page, live_server,
                                                                   monkeypatch):
    document = ('<html lang="de"><body><main><h1>Test</h1><img src="x.png">'
                '<p>Stand: <time datetime="2026-12-03T08:00">03.12.26, 08:00</time></p>'
                '<form><input type="hidden" name="bulk-csrf_token" value="abc">'
                '<input type="hidden" name="token" value="abc-file"></form>'
                '</main></body></html>')
    page.set_content(document)
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
    monkeypatch.setattr(helpers, "_checked", {})  # as in another process of the run
    page.evaluate(SABOTAGE)
    # The same document at another time and with other hidden values (a CSRF token, an
    # upload's token): the stored result.
    page.set_content(document.replace("08:00", "09:41").replace("abc", "xyz"))
    page.evaluate(SABOTAGE)
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
    # Another text is another document.
    page.set_content(document.replace("Stand:", "Stand am"))
    page.evaluate(SABOTAGE)
    with pytest.raises(Error, match="ran"):
        axe_violations(page)


def test_a_document_another_process_is_checking_is_waited_for(page, live_server,
                                                             monkeypatch):
    """Both suites of CI open the same pages at about the same time: a document another
    process claimed is not checked twice; its result is read when it comes. A claim given up
    (that process failed) leaves the check to this process."""
    import threading

    page.set_content('<html lang="de"><body><main><h1>Test</h1><img src="x.png">'
                     '</main></body></html>')
    page.evaluate(helpers.AXE_SOURCE)
    page.evaluate(SABOTAGE)
    state = helpers._state(page)
    assert helpers._claimed(state)  # as the other process: it is checking this document
    found = [{"id": "image-alt", "impact": "critical", "help": "", "helpUrl": "", "nodes": []}]
    threading.Timer(0.3, helpers._remember, (state, found)).start()
    assert axe_violations(page) == found  # waited for, not run (SABOTAGE would raise)

    page.evaluate("document.title = 'b'")  # another document
    monkeypatch.setattr(helpers, "CLAIM_WAIT_SECONDS", 5)
    assert helpers._claimed(helpers._state(page))
    threading.Timer(0.3, helpers._shared(helpers._state(page)).with_suffix(".claim").unlink
                    ).start()  # the other process gave up
    with pytest.raises(Error, match="ran"):  # so this one checks the document itself
        axe_violations(page)
