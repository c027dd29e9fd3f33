"""Cross-cutting web behaviour: health check, error pages, headers, CSRF, rate limits, languages."""

import pytest
from sqlalchemy.exc import OperationalError

from app import create_app
from app.extensions import db, limiter
from config import TestingConfig


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_reports_database_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("down"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] != "ok"


@pytest.mark.parametrize("lang,text", [("de", "Seite nicht gefunden"),
                                       ("en", "Page not found")])
def test_404_page_in_users_language(client, lang, text):
    response = client.get(f"/gibt-es-nicht?lang={lang}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert text in html
    assert 'class="site-header"' in html  # in the site's layout


def test_403_page(client, login, make_user):
    login(make_user())
    response = client.get("/admin/topics/")
    assert response.status_code == 403
    assert "Keine Berechtigung" in response.get_data(as_text=True)


def test_400_and_500_pages(database_url):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url, TESTING=False,
                     WTF_CSRF_ENABLED=True)

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Interner Fehler" in response.get_data(as_text=True)
    # a POST without CSRF token
    response = client.post("/auth/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.get_data(as_text=True)


def test_security_headers(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_session_cookie_flags(make_user, database_url):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     SESSION_COOKIE_SECURE=True)
    user = make_user()
    client = app.test_client()
    response = client.post("/auth/login", data={"email": user.email,
                                                "password": "correct horse battery staple"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    from config import ProductionConfig

    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_cookies_are_secure():
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.OUTBOX_UI is False


@pytest.fixture
def limited_app(database_url):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    yield app
    limiter.reset()
    limiter.enabled = False  # the limiter is shared; switch it back off for the other tests


def test_failed_logins_are_rate_limited(limited_app, make_user):
    user = make_user()
    client = limited_app.test_client()
    for _ in range(3):
        response = client.post("/auth/login", data={"email": user.email, "password": "falsch"})
        assert response.status_code == 200
    response = client.post("/auth/login", data={"email": user.email, "password": "falsch"})
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.get_data(as_text=True)


def test_successful_logins_do_not_count(limited_app, make_user):
    user = make_user()
    client = limited_app.test_client()
    for _ in range(4):
        response = client.post("/auth/login", data={"email": user.email,
                                                    "password": "correct horse battery staple"})
        assert response.status_code == 302
        client.post("/auth/logout")


def test_language_choice_is_remembered(client):
    client.get("/?lang=en")
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
    html = client.get("/?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert 'lang="de"' in client.get("/?lang=de").get_data(as_text=True)


def test_unknown_language_falls_back(client):
    html = client.get("/?lang=xx", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="de"' in html


def test_times_in_pages_carry_their_time_zone(client, make_contribution):
    """<time datetime> of a moment says UTC on both databases (SQLite hands back naive
    datetimes, which a browser would read as local time); a day stays a plain date."""
    import re
    from datetime import date

    from app.core.templating import iso_filter

    contribution = make_contribution()
    db.session.commit()
    page = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    moments = re.findall(r'<time datetime="([^"]+)"', page)
    assert moments, "the page shows no time"
    assert all(m.endswith("+00:00") for m in moments), moments
    assert iso_filter(date(2026, 12, 3)) == "2026-12-03"
    assert iso_filter(None) == ""


def test_a_sentence_that_says_when_holds_a_time_element(app, client, make_concept):
    """A moment or a day inside a translated sentence ("Stand: ...") is a <time datetime>
    like the times of the lists: readable by machines, and the same sentence in every
    language around it."""
    import re
    from datetime import date, datetime

    from flask import render_template_string

    make_concept()
    db.session.commit()
    page = client.get("/report/").get_data(as_text=True)
    assert re.search(r'Stand: <time datetime="[^"]+\+00:00" dir="ltr">'
                     r'\d\d\.\d\d\.\d{4}, \d\d:\d\d</time>', page), page[:3000]
    with app.test_request_context("/?lang=en"):
        rendered = render_template_string(
            "{{ _('Stand: %(when)s', when=moment|time_tag('short')) }} {{ day|date_tag }}"
            "{{ none|time_tag }}{{ none|date_tag }}",
            moment=datetime(2026, 12, 3, 8, 5), day=date(2026, 12, 3), none=None)
    assert rendered == ('As of: <time datetime="2026-12-03T08:05:00+00:00">'
                        '12/3/26, 9:05\u202fAM</time>'
                        ' <time datetime="2026-12-03">Dec 3, 2026</time>'), rendered
