"""Forms of implementation: list filters, a progress entry, a measure's record, hiding an
entry, setting the status of many measures, asking for an update, the status list."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.contributions.forms import MultiCheckboxField
from app.core.forms import LockVersionField
from app.implementation.models import MAX_ENTRY_TEXT
from app.implementation.services import MAX_LINK, MAX_NOTE, MAX_RESPONSIBLE
from app.rounds.forms import RoundForm

KEEP_STATUS = ""


class FilterForm(FlaskForm):
    """GET filters of the list of measures (no CSRF: they change nothing)."""

    class Meta:
        csrf = False

    topic = SelectField(_l("Handlungsfeld"), validators=[Optional()], choices=[])
    theme = SelectField(_l("Querschnittsthema"), validators=[Optional()], choices=[])
    status = SelectField(_l("Status"), validators=[Optional()], choices=[])
    responsible = SelectField(_l("Verantwortlich"), validators=[Optional()], choices=[])
    stale = BooleanField(_l("nur mit veraltetem Stand"))


class EntryForm(FlaskForm):
    happened_on = DateField(_l("Datum"), validators=[InputRequired()],
                            description=_l("Wann ist es geschehen? Nicht in der Zukunft und "
                                           "nicht vor dem Beschluss."))
    text = TextAreaField(_l("Was ist geschehen?"),
                         validators=[Optional(), Length(max=MAX_ENTRY_TEXT)],
                         description=_l("Markdown ist möglich."))
    status = SelectField(_l("Neuer Status (optional)"), validators=[Optional()], choices=[])
    progress = IntegerField(_l("Fortschritt in Prozent (optional)"), validators=[Optional()],
                            description=_l("Eine Zahl von 0 bis 100; leer lassen für den "
                                           "Wert des Status."))
    link = StringField(_l("Link (optional)"), validators=[Optional(), Length(max=MAX_LINK)],
                       description=_l("Zum Beispiel ein Bericht oder eine Pressemitteilung."))


class EntryEditForm(FlaskForm):
    text = TextAreaField(_l("Was ist geschehen?"),
                         validators=[Optional(), Length(max=MAX_ENTRY_TEXT)])
    link = StringField(_l("Link (optional)"), validators=[Optional(), Length(max=MAX_LINK)])
    lock_version = LockVersionField()


class RecordForm(FlaskForm):
    responsible = StringField(_l("Verantwortlich"),
                              validators=[Optional(), Length(max=MAX_RESPONSIBLE)])
    partners = TextAreaField(_l("Kooperationspartner"), validators=[Optional(),
                                                                    Length(max=2000)])
    starts_on = DateField(_l("Beginn (optional)"), validators=[Optional()])
    ends_on = DateField(_l("Ende (optional)"), validators=[Optional()])
    progress_override = IntegerField(
        _l("Fortschritt in Prozent (optional)"), validators=[Optional()],
        description=_l("Leer lassen, dann gilt der Wert des Status."))
    organisations = MultiCheckboxField(
        _l("Verantwortliche Organisationen"), choices=[], coerce=int,
        description=_l("Ihre Vertretungen dürfen Fortschritte zu dieser Maßnahme melden."))
    lock_version = LockVersionField()


class HideForm(FlaskForm):
    reason = TextAreaField(_l("Grund"), validators=[DataRequired(), Length(max=MAX_NOTE)],
                           description=_l("Der Grund wird anstelle des Eintrags gezeigt."))


class BulkStatusForm(FlaskForm):
    """Status and one note for the selected measures (their ids come as the repeated
    field `m`)."""

    status = SelectField(_l("Neuer Status"), validators=[DataRequired()], choices=[])
    note = TextAreaField(_l("Notiz für alle ausgewählten Maßnahmen (optional)"),
                         validators=[Optional(), Length(max=MAX_ENTRY_TEXT)])


class AskManyForm(FlaskForm):
    """"Ask for an update" on the selected measures of the staff table; shares the table
    form's prefix, so its note is the message."""

    note = TextAreaField(_l("Nachricht (optional)"), validators=[Optional(), Length(max=MAX_NOTE)])


class AskForm(FlaskForm):
    message = TextAreaField(_l("Nachricht (optional)"),
                            validators=[Optional(), Length(max=MAX_NOTE)])


class StatusForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    default_progress = IntegerField(_l("Fortschritt in Prozent"), validators=[InputRequired()])
    counts_in_rollup = BooleanField(_l("zählt in der Gesamtrechnung mit"), default=True)
    lock_version = LockVersionField()


class ConferenceRoundForm(RoundForm):
    """A round for the integration conference: a round like any other, on the adopted version
    (fixed by the page, so the form has no choice of version) and always taking remarks."""

    submit = SubmitField(_l("Runde eröffnen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, versions=(), **kwargs)

    def fill_conference(self, today, adoption) -> None:
        """Defaults: open from today for six weeks, remarks on progress and new measures. The
        title and description are the concept's text (German), not the page's language."""
        self.fill_defaults(today)
        self.closes_on.data = today + timedelta(days=42)
        self.accepted_kinds.data = ["remark", "measure"]
        self.title.data = f"Integrationskonferenz {today.year}: Stand der Umsetzung"
        self.description.data = (
            f"Grundlage ist die beschlossene Fassung {adoption.version.number} "
            f"(„{adoption.version.label}“). Schreiben Sie zu einzelnen Maßnahmen, was Sie von "
            "der Umsetzung sehen, was gut läuft und wo es hakt, und schlagen Sie neue "
            "Maßnahmen vor. Die Beiträge fließen in die nächste Fassung des Konzepts ein.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if "remark" not in (self.accepted_kinds.data or ()):
            self.accepted_kinds.errors = [
                *self.accepted_kinds.errors,
                _l("Eine Runde zur Integrationskonferenz nimmt Anmerkungen zum Stand der "
                   "Maßnahmen an: bitte wählen Sie diese Art aus.")]
            valid = False
        return valid
