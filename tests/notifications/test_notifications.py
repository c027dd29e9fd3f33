"""In-app notifications, e-mail at once or as a daily digest, and the bell."""

from sqlalchemy import select

from app.core.outbox import OutboxMessage
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import message_for, notify, send_digests


def test_notify_immediately_queues_a_mail_in_the_users_language(make_user):
    user = make_user(language="en")
    notification = notify(user, "invitation", target=("rounds.show", {"round_id": 1}),
                          title="Netzwerkrunde")
    db.session.commit()
    assert notification.emailed_at is not None
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == user.email
    assert "Netzwerkrunde" in mail.body and "http://localhost/rounds/1" in mail.body
    assert "invited" in mail.body


def test_notify_daily_waits_for_the_digest(make_user):
    user = make_user()
    user.notify_email = "daily"
    db.session.commit()
    notify(user, "reply", variant="contribution", name="Amina", title="Sprachcafé",
           target=("contributions.show", {"contribution_id": 1}))
    notify(user, "supported_changed", title="Kita",
           target=("contributions.show", {"contribution_id": 2}))
    db.session.commit()
    assert db.session.scalar(select(OutboxMessage)) is None
    assert send_digests() == 1
    db.session.commit()
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert len(mails) == 1 and mails[0].kind == "digest"
    assert "Amina" in mails[0].body and "Kita" in mails[0].body
    assert all(n.emailed_at for n in db.session.scalars(select(Notification)))
    assert send_digests() == 0  # nothing twice


def test_never_means_no_mail(make_user):
    user = make_user()
    user.notify_email = "never"
    db.session.commit()
    notify(user, "outcome", title="X", outcome="eingeflossen")
    db.session.commit()
    assert send_digests() == 0
    assert db.session.scalar(select(OutboxMessage)) is None
    assert db.session.scalar(select(Notification)) is not None


def test_inactive_users_get_nothing(make_user):
    assert notify(make_user(active=False), "invitation", title="X") is None


def test_messages_fill_their_placeholders(make_user):
    n = Notification(kind="moderation", params={"variant": "hidden", "title": "T",
                                                "reason": "Spam"})
    assert message_for(n) == "Ihr Beitrag „T“ wurde ausgeblendet. Grund: Spam"


def test_digest_cli(app, make_user):
    user = make_user()
    user.notify_email = "daily"
    db.session.commit()
    notify(user, "invitation", title="Runde")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["outbox", "digest"])
    assert result.exit_code == 0 and "digests queued: 1" in result.output


def test_bell_list_and_mark_read(client, login, make_user):
    user = make_user()
    other = make_user()
    notify(user, "invitation", title="Runde A", target=("rounds.index", {}))
    notify(other, "invitation", title="Nicht meine")
    db.session.commit()
    login(user)
    html = client.get("/").get_data(as_text=True)
    assert 'class="bell__count">1<' in html
    html = client.get("/me/notifications/").get_data(as_text=True)
    assert "Runde A" in html and "Nicht meine" not in html
    notification = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    response = client.post(f"/me/notifications/{notification.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == "/rounds/"
    html = client.get("/").get_data(as_text=True)
    assert "bell__count" not in html


def test_mark_all_read_and_others_cannot_open(client, login, make_user):
    user, other = make_user(), make_user()
    foreign = notify(other, "invitation", title="X", target=("rounds.index", {}))
    notify(user, "invitation", title="Y")
    notify(user, "invitation", title="Z")
    db.session.commit()
    login(user)
    client.post(f"/me/notifications/{foreign.id}/open")
    db.session.refresh(foreign)
    assert foreign.read_at is None
    client.post("/me/notifications/read")
    unread = db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                           Notification.read_at.is_(None)))
    assert list(unread) == []


def test_notifications_page_requires_login(client):
    assert client.get("/me/notifications/").status_code == 302


def test_digest_cli_builds_links_without_a_request(app, make_user):
    """`flask outbox digest` crashed with "Unable to build URLs outside an active request"
    as soon as a pending notification had a link."""
    user = make_user()
    user.notify_email = "daily"
    db.session.commit()
    notify(user, "invitation", title="Runde", target=("rounds.show", {"round_id": 7}))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["outbox", "digest"])
    assert result.exit_code == 0, result.output
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "digest"))
    assert f"{app.config['BASE_URL']}/rounds/7" in mail.body


def test_digest_reaches_the_smtp_server_with_links_under_the_base_url(app, make_user,
                                                                       smtp_server, monkeypatch):
    """The whole way of a daily digest, outside any request as cron runs it: `flask outbox
    digest` queues it, `flask outbox send` delivers it to a real SMTP server, and its links
    point at the configured BASE_URL."""
    monkeypatch.setitem(app.config, "BASE_URL", "https://beteiligung.example.org/integration")
    user = make_user(language="de")
    user.notify_email = "daily"
    db.session.commit()
    notify(user, "reply", target=("contributions.show", {"contribution_id": 12,
                                                         "_anchor": "comment-3"}),
           variant="contribution", name="Amina", title="Sprachcafé")
    notify(user, "invitation", target=("rounds.show", {"round_id": 7}), title="Netzwerkrunde")
    db.session.commit()
    runner = app.test_cli_runner()
    assert "digests queued: 1" in runner.invoke(args=["outbox", "digest"]).output
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    [received] = smtp_server.messages
    assert received["To"] == user.email
    body = received.get_payload(decode=True).decode() if not received.is_multipart() else \
        received.get_payload(0).get_payload(decode=True).decode()
    assert "https://beteiligung.example.org/integration/contributions/12#comment-3" in body
    assert "https://beteiligung.example.org/integration/rounds/7" in body
    assert "Sprachcafé" in body and "Netzwerkrunde" in body
