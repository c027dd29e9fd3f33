"""What the data download shows of a person's notifications, and how deleting an account and
retention remove them (hooks of app/accounts/privacy.py)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts import privacy
from app.accounts.models import User
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import message_for, target_path


@privacy.section("notifications", _l("Benachrichtigungen"))
def _notifications(user: User) -> list[dict]:
    notifications = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    return [{"id": n.id, "kind": n.kind, "message": message_for(n), "link": target_path(n),
             "created_at": privacy.iso(n.created_at), "read_at": privacy.iso(n.read_at),
             "emailed_at": privacy.iso(n.emailed_at)} for n in notifications]


@privacy.on_delete
def _delete_notifications(user: User) -> dict[str, int]:
    deleted = db.session.execute(
        Notification.__table__.delete().where(Notification.user_id == user.id)).rowcount
    return {"notifications_deleted": deleted}


@privacy.on_purge
def _purge_notifications(cutoff: datetime) -> dict[str, int]:
    deleted = db.session.execute(
        Notification.__table__.delete().where(Notification.created_at < cutoff)).rowcount
    return {"notifications": deleted}
