"""The accessibility check itself: axe-core is in every page of a test's context and finds a
violation when there is one (so that "zero violations" elsewhere means something)."""

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
    finally:
        context.close()
