"""Moderation pages: the queue, actions on content, reason templates, the public log."""

from flask import Blueprint, render_template
from flask_login import login_required

from app.core.permissions import require

moderation_bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@moderation_bp.get("/")
@login_required
def index():
    require("moderate")
    return render_template("moderation/index.html")
