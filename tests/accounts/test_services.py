"""Use cases of accounts: registration, confirmation, login, password reset, roles."""

import pytest
from sqlalchemy import func, select

from app.accounts import services
from app.accounts.models import User
from app.core.audit import AuditEntry
from app.core.outbox import OutboxMessage
from app.extensions import db


def test_password_rule_rejects_short_common_and_personal_passwords():
    assert services.password_problems("kurz") != []
    assert services.password_problems("passwort123") != []
    assert services.password_problems("aaaaaaaaaaaa") != []
    assert services.password_problems("amina-sommer-2026", email="amina@example.org") != []
    assert services.password_problems("Yusuf vom Verein", display_name="Yusuf") != []
    assert services.password_problems("Bodensee im Nebel 7") == []


def test_register_queues_confirmation_in_same_transaction():
    user = services.register_user(email=" Neu@Example.org ", display_name="Neu",
                                  password="Bodensee im Nebel 7", language="en",
                                  group="volunteer")
    db.session.commit()
    assert user.email == "neu@example.org"
    assert user.roles == {"participant"}
    assert user.privacy_accepted_at is not None
    assert not user.is_confirmed
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == "neu@example.org"
    assert mail.kind == "confirm"
    assert "/auth/confirm/" in mail.body
    # rendered in the user's language
    assert "confirm" in mail.subject.lower() or "bestätigen" in mail.subject


def test_register_rolls_back_mail_with_the_user():
    services.register_user(email="a@example.org", display_name="A", password="Bodensee im Nebel 7")
    db.session.rollback()
    assert db.session.scalar(select(OutboxMessage)) is None
    assert db.session.scalar(select(User)) is None


def test_register_with_existing_email_mails_the_owner_instead(make_user):
    owner = make_user(email="da@example.org")
    assert services.register_user(email="DA@example.org", display_name="X",
                                   password="Bodensee im Nebel 7") is None
    assert db.session.scalar(select(func.count(User.id))) == 1
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == owner.email and mail.kind == "registration_exists"
    assert "http://localhost/auth/login" in mail.body
    assert "http://localhost/auth/forgot" in mail.body


def test_confirm_token_roundtrip_and_tampering(make_user):
    user = make_user(confirmed=False)
    token = services.make_confirm_token(user)
    assert services.confirm_email(token) == (user, True)
    assert user.is_confirmed
    assert services.confirm_email(token) == (user, False)  # logs in only the first time
    with pytest.raises(services.AccountError):
        services.confirm_email(token + "x")


def test_confirm_token_bound_to_email(make_user):
    user = make_user(confirmed=False)
    token = services.make_confirm_token(user)
    user.email = "changed@example.org"
    with pytest.raises(services.AccountError):
        services.confirm_email(token)


def test_confirm_token_expires(app, make_user, monkeypatch):
    user = make_user(confirmed=False)
    token = services.make_confirm_token(user)
    monkeypatch.setitem(app.config, "CONFIRM_TOKEN_MAX_AGE", -1)
    with pytest.raises(services.AccountError, match="abgelaufen"):
        services.confirm_email(token)


def test_authenticate(make_user):
    user = make_user(email="login@example.org")
    assert services.authenticate("LOGIN@example.org", "correct horse battery staple") is user
    assert user.last_login_at is not None
    assert services.authenticate("login@example.org", "wrong") is None
    assert services.authenticate("nobody@example.org", "x") is None
    user.active = False
    assert services.authenticate("login@example.org", "correct horse battery staple") is None


def test_password_is_hashed_with_a_salted_scheme(make_user):
    user = make_user()
    assert "correct horse" not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_reset_password_is_single_use_and_ends_sessions(make_user):
    user = make_user(confirmed=False)
    services.request_password_reset(user.email)
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reset"))
    assert "/auth/reset/" in mail.body
    token = services.make_reset_token(user)
    login = services.start_login(user)
    services.reset_password(token, "Ein ganz neues Passwort")
    assert user.check_password("Ein ganz neues Passwort")
    assert services.user_of_login(login.token) is None
    assert user.is_confirmed  # the mailbox owner proved the address
    with pytest.raises(services.AccountError):
        services.reset_password(token, "Noch ein neues Passwort")


def test_reset_request_for_unknown_email_says_nothing():
    services.request_password_reset("unknown@example.org")
    assert db.session.scalar(select(OutboxMessage)) is None


def test_set_roles_is_audited_and_keeps_participant(make_user):
    admin = make_user(roles={"admin"})
    user = make_user()
    services.set_roles(user, {"moderator", "steering"}, actor=admin)
    db.session.commit()
    assert user.roles == {"participant", "moderator", "steering"}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.roles_changed"))
    assert entry.actor_id == admin.id
    assert entry.before == {"roles": ["participant"]}
    assert entry.after == {"roles": ["moderator", "participant", "steering"]}


def test_admin_cannot_remove_own_admin_role_or_lock_self(make_user):
    admin = make_user(roles={"admin"})
    with pytest.raises(services.AccountError):
        services.set_roles(admin, set(), actor=admin)
    with pytest.raises(services.AccountError):
        services.set_active(admin, False, actor=admin)


def test_unknown_role_refused(make_user):
    admin = make_user(roles={"admin"})
    with pytest.raises(services.AccountError):
        services.set_roles(make_user(), {"king"}, actor=admin)


def test_deactivating_ends_sessions(make_user):
    admin = make_user(roles={"admin"})
    user = make_user()
    token = services.start_login(user).token
    assert services.user_of_login(token) is user
    services.set_active(user, False, actor=admin)
    assert services.user_of_login(token) is None
    assert not user.is_active


def test_logins_end_one_by_one_or_all_at_once(app, make_user):
    user, other = make_user(), make_user()
    first = services.start_login(user).token
    second = services.start_login(user, remember=True).token
    foreign = services.start_login(other).token
    assert services.active_login_count(user) == 2
    services.end_login(first)
    assert services.user_of_login(first) is None
    assert services.user_of_login(second) is user
    assert services.log_out_everywhere(user) == 1
    assert services.user_of_login(second) is None
    assert services.user_of_login(foreign) is other
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "user.logged_out_everywhere"))
    assert entry.actor_id == user.id


def test_logins_expire_after_their_lifetime(app, make_user, monkeypatch):
    user = make_user()
    monkeypatch.setitem(app.config, "LOGIN_HOURS", 0)
    short = services.start_login(user).token
    monkeypatch.setitem(app.config, "REMEMBER_DAYS", 30)
    remembered = services.start_login(user, remember=True)
    assert services.user_of_login(short) is None
    lifetime = remembered.expires_at - remembered.created_at
    assert 29 <= lifetime.days <= 30


def test_changing_the_password_ends_other_logins(make_user):
    user = make_user()
    token = services.start_login(user).token
    services.change_password(user, "correct horse battery staple", "Ein ganz neues Passwort")
    assert services.user_of_login(token) is None
