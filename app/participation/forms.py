"""The form of the staff's introduction above the participation report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from app.core.forms import LockVersionField
from app.participation.models import MAX_INTRODUCTION


class IntroductionForm(FlaskForm):
    body = TextAreaField(
        _l("Einleitung"), validators=[Optional(), Length(max=MAX_INTRODUCTION)],
        description=_l("Steht über dem Bericht und im Word-Dokument, zum Beispiel: wie der "
                       "Prozess lief und wem Sie danken. Markdown ist möglich. Leer lassen, "
                       "um keine Einleitung zu zeigen."))
    lock_version = LockVersionField()
    submit = SubmitField(_l("Einleitung speichern"))
