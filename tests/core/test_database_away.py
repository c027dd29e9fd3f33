"""While the database is away: 503 in the user's language, rendered without the database, and
a submitted form given back with the typed text.

A real outage: the app's database URL points at a closed port.
"""

import pytest
from sqlalchemy import event

from app import create_app
from app.extensions import db
from config import TestingConfig

CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/away?connect_timeout=2"
TYPED = "Was ich schreiben wollte:\nmehr Sprachkurse am Abend & am Wochenende."


@pytest.fixture
def away():
    """An app whose database cannot be reached, and a count of its connection attempts."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=CLOSED_PORT, SHOW_ERROR_PAGES=True)
    attempts = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "do_connect", lambda *args: attempts.append(1))
    yield app, attempts
    engine.dispose()


def logged_in(client, **session_values):
    """A browser that logged in before the outage: only its signed session cookie is left."""
    with client.session_transaction() as session:
        session.update({"_user_id": "a-login-token", "_fresh": True, **session_values})
    return client


def test_pages_answer_503_in_the_browsers_language_without_the_database(away):
    app, attempts = away
    client = logged_in(app.test_client())
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    html = response.get_data(as_text=True)
    assert 'lang="en"' in html and "Error code: 503" in html
    assert "Sign in" in html  # the layout, as for a visitor: nobody is looked up
    assert "Fehlercode" not in html
    assert len(attempts) == 1  # the page's own query; the error page asks nothing


def test_anonymous_visitors_get_503_too(away):
    app, attempts = away
    response = app.test_client().get("/rounds/", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert "Error code: 503" in response.get_data(as_text=True)


def test_session_language_is_kept(away):
    app, _ = away
    client = logged_in(app.test_client(), lang="ar")
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'lang="ar"' in html and 'dir="rtl"' in html


def test_a_comment_sent_during_the_outage_comes_back_with_its_text(away):
    app, attempts = away
    client = logged_in(app.test_client())
    response = client.post("/contributions/7/comments?lang=en",
                           data={"body": TYPED, "parent_id": "", "csrf_token": "alt-123"})
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Was ich schreiben wollte:\nmehr Sprachkurse am Abend &amp; am Wochenende." in html
    assert 'name="body" readonly' in html
    assert 'action="/contributions/7/comments?lang=en"' in html
    assert "alt-123" not in html
    assert len(attempts) == 1


def test_healthz_still_reports_the_outage_as_json(away):
    app, _ = away
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] != "ok"
