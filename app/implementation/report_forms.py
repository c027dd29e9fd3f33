"""The form of a new yearly progress report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.implementation.report_models import MAX_INTRO, MAX_TITLE


class ReportForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=MAX_TITLE)],
                        description=_l("Zum Beispiel „Umsetzungsbericht 2026“."))
    period_start = DateField(_l("Berichtszeitraum von"), validators=[InputRequired()])
    period_end = DateField(_l("Berichtszeitraum bis"), validators=[InputRequired()],
                           description=_l("Nicht in der Zukunft. Berichtszeiträume dürfen sich "
                                          "nicht überschneiden."))
    intro = TextAreaField(_l("Einleitung"), validators=[Optional(), Length(max=MAX_INTRO)],
                          description=_l("Ein kurzer Text für die Integrationskonferenz; "
                                         "Markdown ist möglich."))
