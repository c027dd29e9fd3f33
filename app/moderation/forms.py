"""Forms of moderation: hide with a reason, edit with a note, reason templates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.contributions.models import MAX_TEXT
from app.core.forms import LockVersionField, choice_list, content_choices
from app.core.translations import localized
from app.moderation.services import MAX_REASON, REASON_REQUIRED, reason_from_choice

PUBLIC_REASON_HINT = _l("Die Autorin oder der Autor bekommt den Grund mitgeteilt, und er steht "
                        "im öffentlichen Moderationsprotokoll: bitte keine Namen oder anderen "
                        "persönlichen Daten.")


class HideForm(FlaskForm):
    """Hide a contribution or comment. A written reason wins over a picked template."""

    reason_template = SelectField(_l("Grund aus der Vorlage"), validators=[Optional()],
                                  choices=[])
    reason_text = TextAreaField(
        _l("oder eigener Grund"), validators=[Optional(), Length(max=MAX_REASON)],
        description=PUBLIC_REASON_HINT)
    next = HiddenField()
    submit = SubmitField(_l("Ausblenden"))

    def set_templates(self, templates) -> None:
        self.reason_template.choices = [*choice_list([("", _l("– bitte wählen –"))]),
                                        *content_choices((str(t.id), localized(t, "title"))
                                                         for t in templates)]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.reason:
            self.reason_text.errors = [*self.reason_text.errors, REASON_REQUIRED]
            return False
        return True

    @property
    def reason(self) -> str:
        return reason_from_choice(self.reason_template.data, self.reason_text.data)


class ModerationEditForm(FlaskForm):
    """Staff edit a contribution; the note is required and becomes the public reason."""

    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=MAX_TEXT)],
                         description=_l("Höchstens %(max)d Zeichen. Markdown ist erlaubt.",
                                        max=MAX_TEXT))
    note = TextAreaField(
        _l("Hinweis zur Änderung"),
        validators=[DataRequired(_l("Bitte schreiben Sie, was Sie geändert haben und warum.")),
                    Length(max=MAX_REASON)],
        description=_l("Pflicht. Steht in der Versionsgeschichte, im öffentlichen "
                       "Moderationsprotokoll und in der Nachricht an die Autorin oder den "
                       "Autor: bitte keine Namen."))
    lock_version = LockVersionField()
    submit = SubmitField(_l("Änderung speichern"))


class ReasonForm(FlaskForm):
    title = StringField(_l("Kurzname"), validators=[DataRequired(), Length(max=120)],
                        description=_l("So erscheint die Vorlage in der Auswahl, z. B. "
                                       "„Persönlicher Angriff“."))
    text = TextAreaField(_l("Text des Grundes"),
                         validators=[DataRequired(), Length(max=MAX_REASON)],
                         description=PUBLIC_REASON_HINT)
    submit = SubmitField(_l("Speichern"))
