"""Forms of contributions: contribute and edit, comment, flag, and the list filters."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.contributions.models import LANGUAGES, MAX_TEXT
from app.core.forms import LockVersionField, choice_list, language_choices
from app.core.templating import MarkedMessage

MAX_TITLE = 200
MAX_COMMENT = 2000
MAX_FLAG_REASON = 1000
MAX_NOTE = 1000

LANGUAGE_CHOICES = language_choices(LANGUAGES.items())


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class Stripped:
    """Required, not only whitespace, and at most `max` characters once stripped.

    The text itself is kept as typed (a rejected form shows it again unchanged)."""

    def __init__(self, max: int, *, required: bool = True, message=None):
        self.max = max
        self.required = required
        self.message = message
        self.field_flags = {"required": True} if required else {}

    def __call__(self, form, field):
        value = (field.data or "").strip()
        if not value:
            if self.required:
                raise ValidationError(self.message or _l("Bitte füllen Sie dieses Feld aus."))
            return
        if len(value) > self.max:
            raise ValidationError(_l("Höchstens %(max)d Zeichen erlaubt (jetzt: %(n)d).",
                                     max=self.max, n=len(value)))


class ContributionForm(FlaskForm):
    """Contribute to a round; choices are set per round by the view."""

    kind = RadioField(_l("Art des Beitrags"),
                      validators=[InputRequired(_l("Bitte wählen Sie die Art des Beitrags."))])
    topic = SelectField(_l("Handlungsfeld"),
                        validators=[InputRequired(_l("Bitte wählen Sie ein Thema."))])
    themes = MultiCheckboxField(
        _l("Betrifft auch diese Querschnittsthemen (freiwillig)"), validators=[Optional()],
        description=MarkedMessage(_l("Zum Beispiel: Ihre Maßnahme im Feld „%(field)s“ betrifft "
                                     "auch „%(theme)s“."),
                                  field="Arbeit", theme="Antidiskriminierung"))
    # Only in a round on a version: the goal or measure a remark is about.
    item = SelectField(_l("Anmerkung zu"), validators=[Optional()], default="",
                       description=_l("Nur bei einer Anmerkung: das Ziel oder die Maßnahme der "
                                      "Fassung, auf die sie sich bezieht."))
    title = StringField(_l("Titel"), validators=[Stripped(MAX_TITLE)],
                        description=_l("Ein kurzer Satz, worum es geht."))
    body = TextAreaField(
        _l("Text"), validators=[Stripped(MAX_TEXT)],
        description=_l("Höchstens %(max)d Zeichen. Markdown ist erlaubt: **fett**, *kursiv*, "
                       "- Aufzählung, [Link](https://…). Bilder werden nicht angezeigt.",
                       max=MAX_TEXT))
    language = SelectField(_l("Sprache des Beitrags"), choices=LANGUAGE_CHOICES, default="de")
    on_behalf = SelectField(_l("Einreichen als"), validators=[Optional()], default="",
                            description=_l("Als Vertreterin oder Vertreter einer bestätigten "
                                           "Organisation können Sie in deren Namen "
                                           "einreichen."))
    submit = SubmitField(_l("Beitrag einreichen"))


class EditContributionForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[Stripped(MAX_TITLE)])
    body = TextAreaField(_l("Text"), validators=[Stripped(MAX_TEXT)],
                         description=_l("Höchstens %(max)d Zeichen. Markdown ist erlaubt.",
                                        max=MAX_TEXT))
    note = TextAreaField(_l("Hinweis zur Änderung"), validators=[Optional(), Length(max=MAX_NOTE)],
                         description=_l("Wird in der Versionsgeschichte angezeigt."))
    lock_version = LockVersionField()
    submit = SubmitField(_l("Änderungen speichern"))


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Ihr Kommentar"), validators=[Stripped(MAX_COMMENT)],
                         description=_l("Höchstens %(max)d Zeichen. Markdown ist erlaubt.",
                                        max=MAX_COMMENT))
    parent_id = HiddenField()
    submit = SubmitField(_l("Kommentar senden"))


class FlagForm(FlaskForm):
    reason = TextAreaField(
        _l("Warum melden Sie diesen Inhalt?"),
        validators=[Stripped(MAX_FLAG_REASON,
                             message=_l("Bitte geben Sie einen Grund für die Meldung an."))],
        description=_l("Die Moderation sieht Ihre Meldung; sie wird nicht veröffentlicht."))
    submit = SubmitField(_l("Melden"))


SORTS = {
    "newest": _l("neueste zuerst"),
    "supported": _l("meiste Unterstützung"),
    "discussed": _l("meiste Kommentare"),
}


class ListingFilterForm(FlaskForm):
    """The GET filters of a list of contributions (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Suche"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Art"), validators=[Optional()])
    topic = SelectField(_l("Handlungsfeld"), validators=[Optional()])
    theme = SelectField(_l("Querschnittsthema"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    organisation_kind = SelectField(_l("Eingereicht von"), validators=[Optional()])
    language = SelectField(_l("Sprache"), validators=[Optional()])
    sort = SelectField(_l("Sortierung"), choices=choice_list(SORTS.items()),
                       validators=[Optional()])
