"""Pages that belong to no domain: health check, privacy notice, imprint, the outbox reader."""

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from app.core.outbox import OutboxMessage
from app.core.permissions import require
from app.extensions import db

core_bp = Blueprint("core", __name__)


@core_bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


@core_bp.get("/privacy")
def privacy():
    return render_template("core/privacy.html")


@core_bp.get("/imprint")
def imprint():
    return render_template("core/imprint.html")


@core_bp.get("/accessibility")
def accessibility():
    return render_template("core/accessibility.html")


@core_bp.get("/outbox/")
def outbox():
    if not current_app.config["OUTBOX_UI"]:
        abort(404)
    require("outbox.read")
    status = request.args.get("status") or None
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status:
        query = query.where(OutboxMessage.status == status)
    page = db.paginate(query, per_page=20)
    return render_template("core/outbox.html", page=page, status=status)


@core_bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int):
    if not current_app.config["OUTBOX_UI"]:
        abort(404)
    require("outbox.read")
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("core/outbox_message.html", message=message)
