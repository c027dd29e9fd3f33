"""The notification bell, the list of notifications and marking them read."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.actions import perform
from app.core.forms import ActionForm, choice_list
from app.core.urls import safe_next
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import (
    OPTIONAL_KINDS,
    mark_read,
    message_html,
    opted_out_kinds,
    set_opt_outs,
    unread_count,
)

notifications_bp = Blueprint("notifications", __name__, url_prefix="/me/notifications")


@notifications_bp.get("/")
@login_required
def index():
    query = (select(Notification).where(Notification.user_id == current_user.id)
             .order_by(Notification.id.desc()))
    page = db.paginate(query, per_page=30)
    return render_template("notifications/index.html", page=page, message_html=message_html,
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


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SettingsForm(FlaskForm):
    kinds = MultiCheckboxField(_l("Ich möchte benachrichtigt werden über"), choices=[])


@notifications_bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """Which kinds of notification (of those a module lets switch off) the user gets."""
    form = SettingsForm()
    form.kinds.choices = choice_list((kind, str(label)) for kind, label in OPTIONAL_KINDS.items())
    if request.method == "GET":
        off = opted_out_kinds(current_user)
        form.kinds.data = [kind for kind in OPTIONAL_KINDS if kind not in off]
    elif form.validate_on_submit():
        wanted = set(form.kinds.data or [])
        if perform(lambda: set_opt_outs(current_user, [k for k in OPTIONAL_KINDS
                                                       if k not in wanted]),
                   _("Ihre Einstellungen sind gespeichert.")):
            return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form)


def unread_notifications() -> int:
    if not current_user.is_authenticated:
        return 0
    return unread_count(current_user)


def init_app(app) -> None:
    app.jinja_env.globals["unread_notifications"] = unread_notifications
