"""Pages of rounds: the list, one round with its contributions, and staff forms; networks."""

from flask import Blueprint, render_template

rounds_bp = Blueprint("rounds", __name__, url_prefix="/rounds")


@rounds_bp.get("/")
def index():
    return render_template("rounds/index.html")
