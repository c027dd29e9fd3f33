"""Helpers shared by the forms of every module."""

from flask import abort
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice

from app.core.inputs import parse_int


class ActionForm(FlaskForm):
    """A bare form for buttons that change state: only the CSRF token."""


def choice_list(items) -> list[SelectChoice]:
    """Choices for select, radio and checkbox fields from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in items]


class LockVersionField(HiddenField):
    """The version of a record its form was loaded with (optimistic locking): a number, or
    empty on the form for a new record. Anything else never came from our page: 400."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        if valuelist[0] == "":
            self.data = None
            return
        self.data = parse_int(valuelist[0])
        if self.data is None:
            abort(400)
