"""E-mail outbox: mail is written to a table in the same transaction as the change that causes
it, and delivered later by `flask outbox send`. When SMTP is down, nothing is lost: failed
messages stay queued and are retried with growing pauses.
"""

import contextlib
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from app.core import jobs
from app.core.time import utcnow
from app.extensions import db

QUEUED, SENT, FAILED = "queued", "sent", "failed"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # The body with its secret links (password reset, confirmation) cut out: what the outbox
    # page shows to anyone but the recipient. None when the mail has no secrets.
    redacted_body: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    status: Mapped[str] = mapped_column(String(20), default=QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(200))


REDACTED = "[…]"


def queue_mail(recipient: str, kind: str, template: str, *, locale: str = "de", user=None,
               secrets: tuple[str, ...] = (), **context) -> OutboxMessage:
    """Render a mail in the recipient's language and add it to the outbox (caller commits).

    `template` names a pair `templates/mail/<template>.subject.txt` and `.txt`; `secrets` are
    values (links with tokens) that only the recipient may read.
    """
    with force_locale(locale or "de"):
        subject = render_template(f"mail/{template}.subject.txt", user=user, **context).strip()
        body = render_template(f"mail/{template}.txt", user=user, **context)
    redacted = None
    if secrets:
        redacted = body
        for secret in secrets:
            redacted = redacted.replace(secret, REDACTED)
    message = OutboxMessage(recipient=recipient, kind=kind, subject=subject, body=body,
                            redacted_body=redacted, user_id=getattr(user, "id", None))
    db.session.add(message)
    return message


def due_messages(limit: int = 100) -> list[OutboxMessage]:
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= utcnow())
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        # Several senders (cron on two hosts) never deliver the same message twice.
        query = query.with_for_update(skip_locked=True)
    return list(db.session.scalars(query))


def _connect():
    cfg = current_app.config
    if cfg["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"],
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"])
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
    if cfg["MAIL_USERNAME"]:
        smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
    return smtp


def _as_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id or make_msgid(domain="konzeptwerkstatt")
    email.set_content(message.body)
    return email


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def send_pending(limit: int = 100) -> dict:
    """Deliver due messages; commit after each so that a crash never sends one twice."""
    result = {"sent": 0, "retry": 0, "failed": 0}
    max_attempts = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    messages = due_messages(limit)
    if not messages:
        return result
    smtp = None
    try:
        for message in messages:
            message.attempts += 1
            email = _as_email(message)
            message.message_id = email["Message-ID"]
            try:
                if smtp is None:
                    smtp = _connect()
                smtp.send_message(email)
            except (OSError, smtplib.SMTPException) as exc:
                smtp = _discard(smtp)
                message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if message.attempts >= max_attempts:
                    message.status = FAILED
                    result["failed"] += 1
                else:
                    message.next_attempt_at = utcnow() + retry_delay(message.attempts)
                    result["retry"] += 1
            else:
                message.status = SENT
                message.sent_at = utcnow()
                message.last_error = None
                result["sent"] += 1
            db.session.commit()
    finally:
        _discard(smtp)
    return result


def _discard(smtp):
    if smtp is not None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.quit()
    return None


def requeue(message: OutboxMessage) -> None:
    """Give a failed message another round of attempts."""
    message.status = QUEUED
    message.attempts = 0
    message.next_attempt_at = utcnow()



@jobs.task("outbox.send", label=_l("E-Mails aus dem Postausgang versenden"),
           every=timedelta(seconds=30), max_retries=0)
def send_outbox_job() -> None:
    """The outbox delivered every 30 seconds by the job workers (instead of cron). Its own
    retries are the messages' (`retry_delay`); the job is not retried."""
    while send_pending()["sent"] == 100:  # a full batch: there may be more
        pass
