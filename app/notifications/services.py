"""Telling people about what concerns them: in the app, and by e-mail as they chose."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import func, select

from app.accounts.models import User
from app.core import jobs
from app.core.outbox import queue_mail
from app.core.templating import in_content_lang, person_name, reference_text
from app.core.time import utcnow
from app.core.translations import Localized, copied, register_copied
from app.core.urls import absolute_link, absolute_url
from app.extensions import db
from app.notifications.models import Notification, NotificationOptOut

# kind (and variant) -> message with %(...)s placeholders filled from Notification.params.
MESSAGES = {
    ("reply", "contribution"): _l("%(name)s hat auf Ihren Beitrag „%(title)s“ geantwortet."),
    ("reply", "comment"): _l("%(name)s hat auf Ihren Kommentar zu „%(title)s“ geantwortet."),
    ("moderation", "approved"): _l("Ihr Beitrag „%(title)s“ wurde freigegeben und ist jetzt "
                                   "öffentlich."),
    ("moderation", "hidden"): _l("Ihr Beitrag „%(title)s“ wurde ausgeblendet. Grund: "
                                 "%(reason)s"),
    ("moderation", "comment_hidden"): _l("Ihr Kommentar zu „%(title)s“ wurde ausgeblendet. "
                                         "Grund: %(reason)s"),
    ("moderation", "restored"): _l("Ihr Beitrag „%(title)s“ ist wieder sichtbar."),
    ("moderation", "comment_restored"): _l("Ihr Kommentar zu „%(title)s“ ist wieder sichtbar."),
    ("moderation", "edited"): _l("Die Moderation hat Ihren Beitrag „%(title)s“ bearbeitet. "
                                 "Hinweis: %(reason)s"),
    ("outcome", None): _l("Was aus Ihrem Beitrag „%(title)s“ geworden ist: %(outcome)s"),
    ("supported_changed", None): _l("Der Beitrag „%(title)s“, den Sie unterstützen, wurde "
                                    "geändert."),
    ("invitation", None): _l("Sie sind zur Beteiligungsrunde „%(title)s“ eingeladen."),
    ("review", None): _l("Die Fassung %(number)s („%(label)s“) liegt der Steuerungsgruppe zur "
                         "Prüfung vor. Bitte geben Sie Ihr Votum bis zum %(deadline)s ab."),
    ("remark_answered", None): _l("Das Amt hat auf Ihre Anmerkung zur Fassung %(number)s "
                                  "geantwortet."),
}


# kind -> (parameter, labels): a parameter stored as a code, so that the reader sees it in her
# own language. The module that owns the codes registers them (contributions: the outcome), as
# notifications sit below the modules that notify.
_CODED_PARAMS: dict[str, tuple[str, dict]] = {}


def register_coded_param(kind: str, param: str, labels: dict) -> None:
    _CODED_PARAMS[kind] = (param, labels)


# kind -> [(parameter, object type, field)]: a parameter that is the text of staff-written
# content (a round's title, a reason template's text), shown in the reader's language where
# that content is translated (core.translations.copied). Registered by the owning module.
_TRANSLATED_PARAMS: dict[str, list[tuple[str, str, str]]] = {}


def register_translated_param(kind: str, param: str, object_type: str, field: str) -> None:
    _TRANSLATED_PARAMS.setdefault(kind, []).append((param, object_type, field))
    register_copied(object_type, field)


def register_messages(messages: dict) -> None:
    """A module above adds the messages of its kinds: {(kind, variant): text}."""
    MESSAGES.update(messages)


# kind -> label: kinds of notification a user may switch off in her settings. Modules above
# register theirs (implementation: status changes of measures an idea went into).
OPTIONAL_KINDS: dict[str, object] = {}


def register_optional_kind(kind: str, label) -> None:
    OPTIONAL_KINDS[kind] = label


def opted_out_kinds(user: User) -> set[str]:
    return set(db.session.scalars(select(NotificationOptOut.kind)
                                  .where(NotificationOptOut.user_id == user.id)))


def opted_out_users(kind: str, user_ids) -> set[int]:
    """The ids among `user_ids` who switched `kind` off (one query)."""
    return set(db.session.scalars(select(NotificationOptOut.user_id).where(
        NotificationOptOut.kind == kind, NotificationOptOut.user_id.in_(list(user_ids)))))


def set_opt_outs(user: User, kinds) -> None:
    """Switch off exactly `kinds` (of the optional ones) for `user`; the rest are on."""
    wanted = {k for k in kinds if k in OPTIONAL_KINDS}
    existing = {o.kind: o for o in db.session.scalars(
        select(NotificationOptOut).where(NotificationOptOut.user_id == user.id))}
    for kind, row in existing.items():
        if kind not in wanted:
            db.session.delete(row)
    for kind in wanted - set(existing):
        db.session.add(NotificationOptOut(user_id=user.id, kind=kind))


def _message(notification: Notification) -> tuple[str, dict]:
    """The message in the reader's language and its parameters (coded ones as labels)."""
    params = dict(notification.params or {})
    template = MESSAGES.get((notification.kind, params.get("variant")))
    if template is None:
        template = MESSAGES[(notification.kind, None)]
    values = {k: v for k, v in params.items() if k != "variant"}
    if notification.kind in _CODED_PARAMS:
        param, labels = _CODED_PARAMS[notification.kind]
        values[param] = str(labels.get(values.get(param), values.get(param)))
    for param, object_type, field in _TRANSLATED_PARAMS.get(notification.kind, ()):
        if values.get(param):
            values[param] = copied(object_type, field, values[param])  # knows its language
    return str(template), values


def message_for(notification: Notification) -> str:
    template, values = _message(notification)
    return template % values if values else template


# Parameters that are data, by the language they are in: the concept's (a measure, a version's
# label, a moderator's reason, a round's title) or none known (the title of a contribution,
# written in any language); `name` is a person's.
CONTENT_PARAMS = {"measure", "label", "reason"}
TITLE_IN_CONTENT_LANGUAGE = {"invitation"}  # kinds whose `title` is a round's


def message_html(notification: Notification) -> Markup:
    """message_for() for a page: the data in it marked with its language (WCAG 3.1.2)."""
    template, values = _message(notification)
    marked = {}
    for key, value in values.items():
        if not isinstance(value, str):
            marked[key] = value
        elif isinstance(value, Localized):  # staff content, maybe translated: its language
            marked[key] = Markup("<span %s>%s</span>") % (value.attrs, value)
        elif key in CONTENT_PARAMS or (key == "title"
                                       and notification.kind in TITLE_IN_CONTENT_LANGUAGE):
            marked[key] = in_content_lang(value)
        elif key == "title":
            marked[key] = Markup('<span lang="" dir="auto">%s</span>') % value
        elif key == "name":
            marked[key] = person_name(value)
        elif key == "ref":
            marked[key] = reference_text(value)
        else:
            marked[key] = value
    message = escape(template)  # Markup: the values are escaped as they go in, or marked
    return message % marked if marked else message


# What a notification is about: a route and its parameters, e.g.
# ("contributions.show", {"contribution_id": 3, "_anchor": "comment-7"}).
Target = tuple[str, dict]


def target_url(notification: Notification) -> str:
    """The full address of what `notification` is about, under the configured BASE_URL (for
    mails; works without a request); "" when it is about nothing in particular."""
    if notification.endpoint:
        return absolute_url(notification.endpoint, **(notification.endpoint_args or {}))
    return absolute_link(notification.link)


def target_path(notification: Notification) -> str:
    """The same address relative to the site (as the data download shows it)."""
    url, base = target_url(notification), current_app.config["BASE_URL"].rstrip("/")
    return url[len(base):] if url.startswith(base + "/") else url


def notify(user: User, kind: str, *, target: Target | None = None,
           **params) -> Notification | None:
    """Add a notification (caller commits); e-mail it at once if the user wants that."""
    if user is None or not user.is_active:
        return None
    if kind in OPTIONAL_KINDS and kind in opted_out_kinds(user):
        return None
    endpoint, endpoint_args = target or ("", {})
    notification = Notification(user_id=user.id, kind=kind, params=params, endpoint=endpoint,
                                endpoint_args=dict(endpoint_args), link="")
    db.session.add(notification)
    if user.notify_email == "immediately" and user.is_confirmed:
        with force_locale(user.language or "de"):
            text = message_for(notification)
        queue_mail(user.email, f"notification:{kind}", "notification", locale=user.language,
                   user=user, notifications=[(text, target_url(notification))])
        notification.emailed_at = utcnow()
    return notification


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user.id,
                                                  Notification.read_at.is_(None))) or 0


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one notification (or all) of `user` as read; returns how many changed."""
    query = select(Notification).where(Notification.user_id == user.id,
                                       Notification.read_at.is_(None))
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    changed = 0
    for notification in db.session.scalars(query):
        notification.read_at = utcnow()
        changed += 1
    return changed


def send_digests() -> int:
    """One e-mail per user who chose the daily digest and has unsent notifications."""
    pending = db.session.scalars(
        select(Notification).join(User, User.id == Notification.user_id)
        .where(Notification.emailed_at.is_(None), User.notify_email == "daily",
               User.active.is_(True), User.deleted_at.is_(None),
               User.email_confirmed_at.is_not(None))
        .order_by(Notification.user_id, Notification.id)
    ).all()
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(by_user)))}
    for user_id, notifications in by_user.items():
        user = users[user_id]
        with force_locale(user.language or "de"):
            lines = [(message_for(n), target_url(n)) for n in notifications]
        queue_mail(user.email, "digest", "digest", locale=user.language, user=user,
                   notifications=lines)
        now = utcnow()
        for notification in notifications:
            notification.emailed_at = now
    return len(by_user)


@jobs.task("notifications.digest", label=_l("Tägliche Zusammenfassung versenden"), at_hour=7,
           max_retries=3)
def digest_job() -> None:
    """The daily digest at 7 o'clock (TIMEZONE), queued by the job scheduler instead of cron;
    notifications mailed once are marked, so a second run sends nothing twice."""
    send_digests()
    db.session.commit()
