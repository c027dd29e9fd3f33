"""Running one use case from a view: commit and confirm, or roll back and say why not."""

from flask import flash

from app.extensions import db


def perform(action, success_message: str, refusals: tuple[type[Exception], ...]) -> bool:
    """Call `action()`; on success commit and flash `success_message`. A refusal (one of the
    use case's own exception types, whose message is meant for the user) rolls back and is
    flashed as an error. Returns whether it succeeded."""
    try:
        action()
    except refusals as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return False
    db.session.commit()
    flash(success_message, "success")
    return True
