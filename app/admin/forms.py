"""Forms of the administration pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.accounts.models import ROLES
from app.concepts.models import TOPIC_KINDS
from app.core.forms import LockVersionField, choice_list
from app.core.inputs import MAX_INT


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserRolesForm(FlaskForm):
    roles = MultiCheckboxField(_l("Rollen"), choices=choice_list(ROLES.items()))
    active = BooleanField(_l("Konto aktiv"))
    submit = SubmitField(_l("Speichern"))


SLUG_HINT = _l("Kleinbuchstaben, Ziffern und Bindestriche; erscheint in der Adresse der Seite. "
               "Leer lassen, um sie aus dem Namen zu bilden.")
SLUG_VALIDATORS = [Optional(), Length(max=80),
                   Regexp(r"^[a-z0-9-]+$", message=_l("Nur Kleinbuchstaben, Ziffern und "
                                                      "Bindestriche."))]


class TopicForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    kind = RadioField(_l("Art"), choices=choice_list(TOPIC_KINDS.items()), default="field",
                      validators=[DataRequired()])
    slug = StringField(_l("Kurzbezeichnung"), validators=SLUG_VALIDATORS, description=SLUG_HINT)
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=5000)],
                                description=_l("Markdown ist erlaubt."))
    lock_version = LockVersionField()
    submit = SubmitField(_l("Speichern"))


class ChapterForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Kurzbezeichnung"), validators=SLUG_VALIDATORS, description=SLUG_HINT)
    body = TextAreaField(_l("Text"), validators=[Optional(), Length(max=100_000)],
                         description=_l("Markdown: ## Zwischenüberschrift, **fett**, - Liste."))
    lock_version = LockVersionField()
    submit = SubmitField(_l("Speichern"))


class IntroductionForm(FlaskForm):
    title = StringField(_l("Titel des Konzepts"), validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(_l("Einführung auf der Startseite"),
                            validators=[Optional(), Length(max=5000)],
                            description=_l("Markdown ist erlaubt."))
    submit = SubmitField(_l("Speichern"))


class MilestoneForm(FlaskForm):
    title = StringField(_l("Schritt"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=2000)])
    starts_on = DateField(_l("Beginn"), validators=[DataRequired()],
                          description=_l("Die Zeitleiste zeigt Monat und Jahr."))
    ends_on = DateField(_l("Ende (freiwillig)"), validators=[Optional()])
    submit = SubmitField(_l("Speichern"))


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = StringField(_l("Aktion enthält"), validators=[Optional(), Length(max=80)])
    object_type = SelectField(_l("Objekt"), validators=[Optional()], choices=[])
    actor = StringField(_l("Wer (Name oder E-Mail)"), validators=[Optional(), Length(max=120)])
    since = DateField(_l("Von"), validators=[Optional()])
    until = DateField(_l("Bis"), validators=[Optional()])
    object_id = IntegerField(_l("Objekt-Nr."),
                             validators=[Optional(), NumberRange(min=0, max=MAX_INT)])
    submit = SubmitField(_l("Filtern"))
