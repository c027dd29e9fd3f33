"""E-mail outbox delivered to a real SMTP server (aiosmtpd on 127.0.0.1)."""

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from app.core.outbox import FAILED, QUEUED, SENT, OutboxMessage, queue_mail, send_pending
from app.core.time import utcnow
from app.extensions import db
from tests.conftest import free_port


@pytest.fixture
def queued(app, make_user):
    user = make_user(display_name="Amina", language="en")
    message = queue_mail(user.email, "confirm", "confirm", locale="en", user=user,
                         link="http://127.0.0.1/auth/confirm/abc")
    db.session.commit()
    return message


def test_queued_mail_is_delivered_and_marked_sent(smtp_server, queued):
    result = send_pending()
    assert result == {"sent": 1, "retry": 0, "failed": 0}
    db.session.refresh(queued)
    assert queued.status == SENT and queued.sent_at is not None and queued.attempts == 1
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == queued.recipient
    assert str(make_header(decode_header(received["Subject"]))) == queued.subject
    assert "Hello Amina" in received.get_payload(decode=True).decode()
    # nothing is sent twice
    assert send_pending() == {"sent": 0, "retry": 0, "failed": 0}
    assert len(smtp_server.messages) == 1


def test_smtp_down_keeps_the_mail_and_retries_later(app, queued, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nobody listens there
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 2)
    assert send_pending() == {"sent": 0, "retry": 1, "failed": 0}
    db.session.refresh(queued)
    assert queued.status == QUEUED
    assert queued.attempts == 1
    assert queued.last_error
    assert queued.next_attempt_at.replace(tzinfo=None) > utcnow().replace(tzinfo=None)
    # not due yet: a second run right away does not try again
    assert send_pending() == {"sent": 0, "retry": 0, "failed": 0}


def test_mail_is_sent_once_smtp_is_back(app, smtp_server, queued, monkeypatch):
    port = app.config["MAIL_PORT"]
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    send_pending()
    queued.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    assert send_pending()["sent"] == 1
    assert len(smtp_server.messages) == 1


def test_gives_up_after_max_attempts_but_keeps_the_mail(app, queued, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 2)
    send_pending()
    queued.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert send_pending()["failed"] == 1
    db.session.refresh(queued)
    assert queued.status == FAILED
    assert db.session.scalar(select(OutboxMessage.id)) == queued.id


def test_cli_send(app, smtp_server, queued):
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    assert len(smtp_server.messages) == 1


def test_outbox_page_shows_mails_to_staff(client, login, make_user, queued):
    login(make_user(roles={"moderator"}))
    html = client.get("/outbox/").get_data(as_text=True)
    assert queued.subject in html
    html = client.get(f"/outbox/{queued.id}").get_data(as_text=True)
    assert "http://127.0.0.1/auth/confirm/abc" in html
