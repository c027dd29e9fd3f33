"""A comment refused by the rate limit: the 429 page keeps the text, is accessible, and sends it
again once the wait is over."""

import logging
import re
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from app import create_app
from app.extensions import limiter
from config import TestingConfig
from tests.e2e.helpers import assert_accessible, check_page, login
from tests.factories import PASSWORD

TYPED = "Abendkurse wären gut,\nam besten mit Kinderbetreuung."


@pytest.fixture
def limited_server(database_url):
    """A second live server with rate limits on: one comment per account every 5 seconds."""
    limited_app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url,
                             WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True,
                             COMMENT_RATE_LIMIT_ACCOUNT="1 per 5 seconds")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, limited_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="limited-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    limiter.reset()
    limiter.enabled = False  # the limiter is shared; switch it back off for the other tests


def test_refused_comment_is_kept_and_sent_again(browser, limited_server, make_user,
                                                make_contribution):
    user = make_user()
    contribution = make_contribution()
    context = browser.new_context(base_url=limited_server, locale="de-DE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    login(page, user.email, PASSWORD)
    page.goto(f"/contributions/{contribution.id}")
    page.locator("#body").fill("Erster Kommentar")
    page.locator("#comment-submit").click()
    expect(page.locator(".comment-list")).to_contain_text("Erster Kommentar")

    page.locator("#body").fill(TYPED)
    page.locator("#comment-submit").click()
    expect(page.locator("h1")).to_have_text("Zu viele Versuche")
    send_again = page.get_by_role("button", name="Erneut senden")
    expect(send_again).to_be_disabled()  # while the wait lasts (Retry-After)
    kept = page.get_by_label("Text", exact=True)
    expect(kept).to_have_value(TYPED)
    expect(kept).to_have_attribute("readonly", "")
    problems = check_page(page)
    assert not problems, "\n".join(problems)

    expect(send_again).to_be_enabled(timeout=8_000)
    send_again.click()
    expect(page).to_have_url(re.compile(rf"/contributions/{contribution.id}(#[\w-]*)?$"))
    expect(page.locator(".comment-list")).to_contain_text("am besten mit Kinderbetreuung.")
    assert_accessible(page)
    context.close()
