"""Running one use case from a view: the one mechanism for "run it, commit, confirm; or roll
back and come back with the form, its error or the conflict".

Use cases raise a `Refusal` (each module's error class derives from it) whose message is meant
for the user; an edit that lost the race against someone else's save raises `StaleEdit` (or the
database's `StaleDataError` surfaces at flush). `perform` turns both into an `Outcome` the view
can branch on, so views hold no try/commit/rollback blocks of their own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db

STALE_MESSAGE = _l("Jemand anderes hat das inzwischen geändert. Ihre Eingaben sind unten noch "
                   "da: Bitte vergleichen Sie sie mit der aktuellen Fassung und speichern Sie "
                   "dann noch einmal.")


class Refusal(Exception):
    """A use case refused; the message is shown to the user. `field` names the form field the
    message belongs to, when the use case knows it."""

    field: str | None = None

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        if field is not None:
            self.field = field


class StaleEdit(Refusal):
    """Someone else saved the same object since the form was opened."""

    def __init__(self, message: str | None = None, *, field: str | None = None):
        super().__init__(str(message or STALE_MESSAGE), field=field)


def check_lock(obj, lock_version) -> None:
    """Refuse an edit made on an older state of `obj` (optimistic locking by `lock_version`)."""
    if lock_version not in (None, "") and int(lock_version) != obj.lock_version:
        raise StaleEdit()


@dataclass
class Outcome:
    """What became of a use case run by `perform`."""

    ok: bool
    value: Any = None
    error: Refusal | None = None

    @property
    def stale(self) -> bool:
        return isinstance(self.error, StaleEdit)

    @property
    def message(self) -> str:
        return str(self.error) if self.error is not None else ""

    def __bool__(self) -> bool:
        return self.ok


Confirmation = str | tuple[str, str] | None


def perform(action: Callable[[], Any], success: Confirmation | Callable[[Any], Confirmation] = None,
            refusals: tuple[type[Exception], ...] = (Refusal,), *, form=None,
            field: str | None = None, stale: Callable[[], StaleEdit] = StaleEdit,
            quiet: bool = False) -> Outcome:
    """Call `action()` and commit. On success flash `success` (a text, or a function of the
    action's result giving the text or None; a (text, category) pair flashes in that category
    instead of "success"). A refusal or a lost race rolls back: with a `form`, the message goes
    to the refusal's field, else to `field`, else it is flashed; the form keeps what was typed.
    A lost race found at flush becomes `stale()` (a module may give its own wording). `quiet`
    rolls back without a word (for refusals that need none, such as a double click).
    Returns an `Outcome` (true when it succeeded)."""
    try:
        value = action()
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        error: Refusal = stale()
    except refusals as exc:
        db.session.rollback()
        error = exc if isinstance(exc, Refusal) else Refusal(str(exc))
    else:
        text = success(value) if callable(success) else success
        text, category = text if isinstance(text, tuple) else (text, "success")
        if text:
            flash(str(text), category)
        return Outcome(True, value)
    target = getattr(form, error.field or field or "", None) if form is not None else None
    if quiet:
        pass
    elif target is not None:
        target.errors = [*target.errors, str(error)]
    else:
        flash(str(error), "error")
    return Outcome(False, error=error)
