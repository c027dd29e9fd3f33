"""core.actions.perform: run a use case, commit and confirm; or roll back and come back with the
form, its error or the conflict."""

from types import SimpleNamespace

import pytest
from flask import session
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError
from wtforms import StringField

from app.accounts.models import User
from app.core.actions import STALE_MESSAGE, Outcome, Refusal, StaleEdit, check_lock, perform
from app.extensions import db


class NoteForm(FlaskForm):
    class Meta:
        csrf = False

    title = StringField()
    body = StringField()


@pytest.fixture
def ctx(app):
    with app.test_request_context("/", method="POST", data={"title": "Mein Titel",
                                                            "body": "Mein Text"}):
        yield


def flashed() -> list[tuple[str, str]]:
    """The (category, message) pairs flashed since the last call."""
    return [tuple(pair) for pair in session.pop("_flashes", [])]


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def _add_user(name: str) -> User:
    user = User(email=f"{name}@example.org", display_name=name, language="de")
    user.set_password("correct horse battery staple")
    db.session.add(user)
    db.session.flush()
    return user


def test_success_commits_and_flashes(ctx):
    outcome = perform(lambda: _add_user("anna"), lambda user: f"{user.display_name} ist da.")
    assert outcome and outcome.ok and outcome.value.display_name == "anna"
    db.session.rollback()  # nothing left to roll back: it was committed
    assert _users() == 1
    assert flashed() == [("success", "anna ist da.")]


def test_a_confirmation_may_name_its_category_or_be_left_out(ctx):
    perform(lambda: None, ("Es gab nichts zu tun.", "info"))
    perform(lambda: 0, lambda count: "gezählt" if count else None)
    assert flashed() == [("info", "Es gab nichts zu tun.")]


def refuse(message="Das geht nicht.", **kwargs):
    _add_user("bert")
    raise Refusal(message, **kwargs)


def test_refusal_rolls_back_keeps_the_form_and_puts_the_error_on_the_field(ctx):
    form = NoteForm()
    outcome = perform(refuse, "nie gezeigt", form=form, field="body")
    assert not outcome and outcome.message == "Das geht nicht." and not outcome.stale
    assert form.title.data == "Mein Titel" and form.body.data == "Mein Text"
    assert form.body.errors == ["Das geht nicht."] and not form.title.errors
    assert _users() == 0  # nothing written
    assert flashed() == []


def test_the_refusals_own_field_wins(ctx):
    form = NoteForm()
    perform(lambda: refuse(field="title"), form=form, field="body")
    assert form.title.errors == ["Das geht nicht."] and not form.body.errors


def test_without_a_form_the_refusal_is_flashed_or_kept_quiet(ctx):
    perform(refuse)
    assert flashed() == [("error", "Das geht nicht.")]
    assert perform(refuse, quiet=True).message == "Das geht nicht."
    assert flashed() == [] and _users() == 0


def test_other_errors_are_not_refusals_unless_named(ctx):
    def fail():
        raise KeyError("kaputt")

    with pytest.raises(KeyError):
        perform(fail)
    assert perform(fail, refusals=(KeyError,)).message == "'kaputt'"


def test_stale_data_becomes_a_stale_outcome(ctx):
    def lose_the_race():
        _add_user("carla")
        raise StaleDataError("UPDATE statement on table expected to update 1 row(s); 0 matched.")

    form = NoteForm()
    outcome = perform(lose_the_race, form=form, field="body")
    assert isinstance(outcome, Outcome) and not outcome and outcome.stale
    assert form.body.errors == [str(STALE_MESSAGE)] and _users() == 0


def test_a_module_may_word_the_conflict_itself(ctx):
    class StaleNote(StaleEdit):
        def __init__(self):
            super().__init__("Die Notiz hat sich geändert.")

    def lose_the_race():
        raise StaleDataError("0 matched")

    outcome = perform(lose_the_race, stale=StaleNote)
    assert outcome.stale and isinstance(outcome.error, StaleNote)
    assert flashed() == [("error", "Die Notiz hat sich geändert.")]


def test_check_lock_refuses_an_older_state(ctx):
    saved = SimpleNamespace(lock_version=3)
    check_lock(saved, None)
    check_lock(saved, "")
    check_lock(saved, "3")
    with pytest.raises(StaleEdit) as caught:
        check_lock(saved, 2)
    assert str(caught.value) == str(STALE_MESSAGE)
    assert perform(lambda: check_lock(saved, "2")).stale
