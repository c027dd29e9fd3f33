"""Views of accounts: forms, errors, redirects, sessions."""

import re

from sqlalchemy import select

from app.accounts.models import User
from app.core.outbox import OutboxMessage
from app.extensions import db

GOOD = "Bodensee im Nebel 7"


def register(client, **overrides):
    data = {"display_name": "Amina", "email": "amina@example.org", "password": GOOD,
            "password_repeat": GOOD, "privacy": "y", "language": "de", "group": ""}
    data.update(overrides)
    return client.post("/auth/register", data=data)


def test_register_confirm_login_logout(client):
    response = register(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/registered"
    assert client.get("/me/profile").status_code == 302  # not logged in before confirming
    assert "amina@example.org" in client.get("/auth/registered").get_data(as_text=True)
    user = db.session.scalar(select(User))
    assert user.display_name == "Amina" and not user.is_confirmed
    body = db.session.scalar(select(OutboxMessage)).body
    link = re.search(r"http://[^/\s]+(/auth/confirm/\S+)", body).group(1)
    assert client.get(link).status_code == 302
    db.session.refresh(user)
    assert user.is_confirmed
    assert client.get("/me/profile").status_code == 200  # the first confirmation logs in
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/me/profile").status_code == 302  # logged out
    response = client.post("/auth/login", data={"email": "amina@example.org", "password": GOOD})
    assert response.status_code == 302
    assert client.get("/me/profile").status_code == 200


def test_register_form_errors_are_shown_per_field(client):
    response = register(client, email="not-an-email", password="kurz", password_repeat="anders",
                        privacy="")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "error-summary" in html
    assert 'aria-invalid="true"' in html
    assert "mindestens 10 Zeichen" in html
    assert "Datenschutzhinweisen zu" in html
    assert db.session.scalar(select(User)) is None


def test_registration_does_not_reveal_existing_accounts(app, make_user):
    """The answer for a taken address equals the one for a new address; the owner is told."""
    make_user(email="amina@example.org", display_name="Amina Alt")
    answers = []
    for email in ("amina@example.org", "neu@example.org"):
        client = app.test_client()
        response = register(client, email=email)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, response.headers["Location"],
                        page.replace(email, "EMAIL")))
    assert answers[0] == answers[1]
    owner_mail = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.recipient == "amina@example.org"))
    assert owner_mail.kind == "registration_exists"
    assert db.session.scalar(select(User).where(User.email == "amina@example.org")
                             ).display_name == "Amina Alt"


def test_login_wrong_password(client, make_user):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": "falsch"})
    assert response.status_code == 200
    assert "stimmen nicht" in response.get_data(as_text=True)


def test_login_redirects_only_to_local_next(client, make_user):
    user = make_user()
    data = {"email": user.email, "password": "correct horse battery staple",
            "next": "https://evil.example/"}
    response = client.post("/auth/login", data=data)
    assert response.headers["Location"] == "/"
    client.post("/auth/logout")
    data["next"] = "/me/profile"
    assert client.post("/auth/login", data=data).headers["Location"] == "/me/profile"


def test_login_required_redirects_to_login(client):
    response = client.get("/me/profile")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_profile_edit_changes_language(client, login, make_user):
    user = make_user()
    login(user)
    response = client.post("/me/profile", data={"display_name": "Neuer Name", "language": "en",
                                                "group": "other", "notify_email": "daily"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.display_name, user.language, user.group) == ("Neuer Name", "en", "other")
    assert user.notify_email == "daily"
    assert 'lang="en"' in client.get("/me/profile").get_data(as_text=True)


def test_change_password_keeps_session_and_ends_others(app, client, login, make_user):
    user = make_user()
    login(user)
    other = app.test_client()
    Login = type(login)
    Login(other)(user)
    response = client.post("/me/password", data={
        "current_password": "correct horse battery staple", "password": GOOD,
        "password_repeat": GOOD})
    assert response.status_code == 302
    assert client.get("/me/profile").status_code == 200
    assert other.get("/me/profile").status_code == 302  # the other session is gone


def test_change_password_wrong_current(client, login, make_user):
    login(make_user())
    response = client.post("/me/password", data={
        "current_password": "falsch", "password": GOOD, "password_repeat": GOOD})
    assert "bisherige Passwort stimmt nicht" in response.get_data(as_text=True)


def test_forgot_and_reset_password(client, make_user):
    user = make_user()
    response = client.post("/auth/forgot", data={"email": user.email})
    assert response.status_code == 302
    body = db.session.scalar(select(OutboxMessage)).body
    path = re.search(r"http://[^/\s]+(/auth/reset/\S+)", body).group(1)
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": GOOD, "password_repeat": GOOD})
    assert response.status_code == 302
    response = client.post("/auth/login", data={"email": user.email, "password": GOOD})
    assert response.status_code == 302
    # the link works once only
    client.post("/auth/logout")
    response = client.post(path, data={"password": "Noch ein Passwort 8",
                                       "password_repeat": "Noch ein Passwort 8"})
    assert response.status_code == 302 and "/auth/forgot" in response.headers["Location"]


def test_forgot_for_unknown_address_looks_the_same(client):
    response = client.post("/auth/forgot", data={"email": "nobody@example.org"})
    assert response.status_code == 302
    assert db.session.scalar(select(OutboxMessage)) is None


def test_resend_confirmation(client, login, make_user):
    login(make_user(confirmed=False))
    client.post("/auth/confirm/resend")
    assert db.session.scalar(select(OutboxMessage)).kind == "confirm"


def test_deactivated_user_is_logged_out(client, login, make_user):
    user = make_user()
    login(user)
    user.active = False
    db.session.commit()
    assert client.get("/me/profile").status_code == 302


def test_a_language_chosen_on_this_visit_holds_after_logging_in(client, login, make_user):
    """Someone who switched to Arabic on the login page reads Arabic once logged in, though
    their account says German; without a choice on this visit, the account's language."""
    user = make_user(language="de")
    client.get("/auth/login?lang=ar")
    login(user)
    assert '<html lang="ar"' in client.get("/me/profile").get_data(as_text=True)
    db.session.refresh(user)
    assert user.language == "de"  # the choice is for this visit; the profile changes it
    client.post("/auth/logout")

    # The next person on the same browser: their account's language, not the one before's.
    login(make_user(language="en"))
    assert '<html lang="en"' in client.get("/me/profile").get_data(as_text=True)
