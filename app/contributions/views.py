"""Pages of contributions: contribute, read, edit, withdraw, history, comments, supports, flags."""

from flask import Blueprint

contributions_bp = Blueprint("contributions", __name__)
