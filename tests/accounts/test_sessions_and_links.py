"""Findings of the security review (issue 11): links in mails come from BASE_URL, logins end on
the server, remember-me has a bounded lifetime, "log out everywhere"."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import create_app
from app.accounts.models import LoginSession
from app.core.outbox import OutboxMessage
from app.extensions import db
from config import ProductionConfig, TestingConfig

PASSWORD = "correct horse battery staple"


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_reset_link_ignores_a_forged_host_header(client, make_user):
    user = make_user()
    client.post("/auth/forgot", data={"email": user.email},
                headers={"Host": "evil.example"})
    body = db.session.scalar(select(OutboxMessage)).body
    assert _links(body) and all(link.startswith("http://localhost/auth/reset/")
                                for link in _links(body))
    assert "evil.example" not in body


def test_notification_mail_links_come_from_base_url(app, client, make_user, monkeypatch):
    from app.notifications.services import notify

    monkeypatch.setitem(app.config, "BASE_URL", "https://beteiligung.example.org/konzept")
    user = make_user()
    notify(user, "invitation", target=("rounds.show", {"round_id": 3}), title="Runde")
    db.session.commit()
    body = db.session.scalar(select(OutboxMessage)).body
    assert "https://beteiligung.example.org/konzept/rounds/3" in body
    assert "evil.example" not in body


def test_confirmation_link_built_without_a_request(app, make_user, monkeypatch):
    """Links can be made in CLI commands and jobs, where there is no request at all."""
    from app.accounts import services

    monkeypatch.setitem(app.config, "BASE_URL", "https://beteiligung.example.org")
    services.send_confirmation(make_user(confirmed=False))
    body = db.session.scalar(select(OutboxMessage)).body
    assert re.search(r"https://beteiligung\.example\.org/auth/confirm/\S+", body)


def test_production_refuses_unknown_hosts(monkeypatch, database_url):
    # Rate limits off: the limiter object is shared with the other tests' app. No embedded job
    # worker: it would outlive the test and write into the next tests' database.
    app = create_app(ProductionConfig, SECRET_KEY="x" * 32, SQLALCHEMY_DATABASE_URI=database_url,
                     BASE_URL="https://beteiligung.example.org", TRUSTED_HOSTS=None,
                     RATELIMIT_ENABLED=False, JOBS_EMBEDDED_WORKER=False)
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/healthz",
                      headers={"Host": "beteiligung.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 200


def test_production_needs_a_base_url(database_url):
    with pytest.raises(RuntimeError, match="BASE_URL"):
        create_app(ProductionConfig, SECRET_KEY="x" * 32, SQLALCHEMY_DATABASE_URI=database_url,
                   BASE_URL=None)


def test_outbox_ui_is_off_by_default_outside_development():
    from config import Config, DevelopmentConfig

    assert Config.OUTBOX_UI is False and ProductionConfig.OUTBOX_UI is False
    assert DevelopmentConfig.OUTBOX_UI is True
    assert TestingConfig.OUTBOX_UI is True  # the tests read it on purpose


def test_a_captured_cookie_is_worthless_after_logout(app, make_user):
    user = make_user()
    victim = app.test_client()
    victim.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    cookie = victim.get_cookie("session")
    assert victim.get("/me/profile").status_code == 200

    attacker = app.test_client()
    attacker.set_cookie("session", cookie.value)
    assert attacker.get("/me/profile").status_code == 200  # same cookie, same login
    victim.post("/auth/logout")
    assert attacker.get("/me/profile").status_code == 302  # ended on the server


def test_remember_me_cookie_ends_at_logout_and_lasts_a_month(app, make_user):
    user = make_user()
    victim = app.test_client()
    response = victim.post("/auth/login", data={"email": user.email, "password": PASSWORD,
                                                "remember": "y"})
    remember = next(h for h in response.headers.getlist("Set-Cookie")
                    if h.startswith("remember_token="))
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)
    login = db.session.scalar(select(LoginSession))
    assert login.remember and (login.expires_at - login.created_at).days in (29, 30)

    attacker = app.test_client()
    attacker.set_cookie("remember_token", victim.get_cookie("remember_token").value)
    assert attacker.get("/me/profile").status_code == 200  # the cookie alone logs in
    assert "Expires=" in remember
    victim.post("/auth/logout")
    attacker.delete_cookie("session")
    assert attacker.get("/me/profile").status_code == 302


def test_log_out_everywhere(app, client, login, make_user):
    user = make_user()
    login(user)
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    page = client.get("/me/profile").get_data(as_text=True)
    assert "in 2 Browsern oder Geräten angemeldet" in page
    response = client.post("/me/logout-everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert client.get("/me/profile").status_code == 302
    assert other.get("/me/profile").status_code == 302


def test_outbox_page_redacts_secret_links_for_everyone_but_the_recipient(client, login,
                                                                         make_user):
    admin = make_user(roles={"admin"}, email="admin@example.org")
    moderator = make_user(roles={"moderator"})
    client.post("/auth/forgot", data={"email": admin.email})
    message = db.session.scalar(select(OutboxMessage))
    token_link = re.search(r"http://localhost/auth/reset/\S+", message.body).group(0)

    login(moderator)
    listing = client.get("/outbox/").get_data(as_text=True)
    page = client.get(f"/outbox/{message.id}").get_data(as_text=True)
    assert token_link not in page and token_link not in listing
    assert "/auth/reset/[…]" in page or "[…]" in page
    client.post("/auth/logout")

    login(admin)
    assert token_link in client.get(f"/outbox/{message.id}").get_data(as_text=True)


def test_ended_logins_are_purged_after_the_retention_period_and_exported(app, make_user):
    from app.accounts import privacy, services
    from app.core.time import utcnow

    user = make_user()
    old = services.start_login(user)
    current = services.start_login(user)
    services.end_login(old.token)
    db.session.commit()
    assert len(privacy.export_user_data(user)["logins"]) == 2
    removed = privacy.purge_expired(days=1, now=utcnow() + timedelta(days=2))
    assert removed["logins"] == 2  # the ended one, and the one that expired after 24 hours
    assert privacy.purge_expired(days=1)["logins"] == 0
    assert current.token and db.session.scalar(select(LoginSession)) is None


def test_users_are_equal_only_to_themselves(make_user):
    """Equality must not follow the login token: nobody is logged in as either of these."""
    first, second = make_user(), make_user()
    assert first != second and first == first
    assert second not in [first] and len({first, second}) == 2


def test_log_out_everywhere_needs_a_login_and_a_post(client, login, make_user):
    response = client.post("/me/logout-everywhere")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    login(make_user())
    assert client.get("/me/logout-everywhere").status_code == 405
    assert client.get("/me/profile").status_code == 200  # nothing was ended by the GET


def test_registered_page_is_public_and_names_no_account(client):
    page = client.get("/auth/registered")
    assert page.status_code == 200
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in page.get_data(as_text=True)


def test_the_login_loads_every_role_and_membership(app, make_user, make_organisation):
    """The user of a login comes with roles and memberships joined into one statement (issue
    15): all of them, not those of the first row."""
    from app.accounts import services
    from tests.query_counter import count_queries

    user = make_user(roles={"moderator", "steering", "admin"})
    for _ in range(3):
        make_organisation(verified=True, members=[user])
    token = services.start_login(user).token
    db.session.commit()
    user_id, expected = user.id, set(user.roles)
    assert len(expected) >= 3
    db.session.expunge_all()
    with count_queries(app) as statements:
        loaded = services.user_of_login(token)
        roles, organisations = loaded.roles, {m.organisation.name for m in loaded.memberships}
    assert loaded.id == user_id and len(statements) == 1
    assert roles == expected and len(organisations) == 3
