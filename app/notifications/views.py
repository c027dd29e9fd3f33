"""The notification bell, the list of notifications and marking them read."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core.actions import perform
from app.core.forms import ActionForm
from app.core.urls import safe_next
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import mark_read, message_for, unread_count

notifications_bp = Blueprint("notifications", __name__, url_prefix="/me/notifications")


@notifications_bp.get("/")
@login_required
def index():
    query = (select(Notification).where(Notification.user_id == current_user.id)
             .order_by(Notification.id.desc()))
    page = db.paginate(query, per_page=30)
    return render_template("notifications/index.html", page=page, message_for=message_for,
                           action_form=ActionForm())


@notifications_bp.post("/<int:notification_id>/open")
@login_required
def open_(notification_id: int):
    """Mark one notification read and go to what it is about."""
    notification = db.get_or_404(Notification, notification_id)
    if notification.user_id != current_user.id:
        return redirect(url_for("notifications.index"))
    if ActionForm().validate_on_submit():
        perform(lambda: mark_read(current_user, notification.id))
    target = (url_for(notification.endpoint, **(notification.endpoint_args or {}))
              if notification.endpoint else notification.link)
    return redirect(safe_next(target, url_for("notifications.index")))


@notifications_bp.post("/read")
@login_required
def read_all():
    if ActionForm().validate_on_submit():
        perform(lambda: mark_read(current_user),
                lambda count: _("Alle Benachrichtigungen sind als gelesen markiert.")
                if count else None)
    return redirect(safe_next(request.form.get("back"), url_for("notifications.index")))


def unread_notifications() -> int:
    if not current_user.is_authenticated:
        return 0
    return unread_count(current_user)


def init_app(app) -> None:
    app.jinja_env.globals["unread_notifications"] = unread_notifications
