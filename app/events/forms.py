"""Forms of offline events: the event with its stations, and the capture form for cards."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from app.accounts.models import GROUPS
from app.contributions.forms import LANGUAGE_CHOICES, Stripped
from app.contributions.models import MAX_TEXT
from app.core.forms import choice_list, content_choices, with_translations
from app.core.translations import localized

STATION_ROWS = 11


class StationForm(Form):
    """One row of the stations table; an empty row is ignored."""

    id = HiddenField()
    topic = SelectField(_l("Thema"), validators=[Optional()])
    name = StringField(_l("Name des Tisches"), validators=[Optional(), Length(max=160)])
    facilitator = StringField(_l("Moderation am Tisch (freiwillig)"),
                              validators=[Optional(), Length(max=120)])


class EventForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[Stripped(200)],
                        description=_l("Zum Beispiel: Dialogveranstaltung im Juni"))
    held_on = DateField(_l("Datum"), validators=[InputRequired(_l("Bitte geben Sie ein "
                                                                  "gültiges Datum an."))])
    place = StringField(_l("Ort"), validators=[Optional(), Length(max=200)])
    stations = FieldList(FormField(StationForm),
                         min_entries=STATION_ROWS, max_entries=STATION_ROWS)
    submit = SubmitField(_l("Veranstaltung speichern"))

    def set_topics(self, topics) -> None:
        choices = choice_list([("", _l("– kein Tisch –"))]) + content_choices(
            (str(t.id), localized(t, "name")) for t in topics)
        for entry in self.stations:
            entry.form.topic.choices = choices


def translated_event_form() -> type:
    """EventForm with optional translations of the event's title and of each table's name."""
    station = with_translations(StationForm, ("name",))
    return type("EventForm", (with_translations(EventForm, ("title",)),), {
        "stations": FieldList(FormField(station), min_entries=STATION_ROWS,
                              max_entries=STATION_ROWS)})


class CaptureForm(FlaskForm):
    """One card; station and kind choices are set per event by the view."""

    station = SelectField(_l("Thementisch"),
                          validators=[InputRequired(_l("Bitte wählen Sie einen Tisch."))])
    kind = SelectField(_l("Art"), validators=[InputRequired(_l("Bitte wählen Sie die Art."))])
    body = TextAreaField(_l("Text der Karte"), validators=[Stripped(MAX_TEXT)])
    title = StringField(_l("Titel (freiwillig)"), validators=[Optional(), Length(max=200)],
                        description=_l("Leer lassen: die ersten Wörter des Textes werden "
                                       "zum Titel."))
    credited_name = StringField(_l("Name auf der Karte (freiwillig)"),
                                validators=[Optional(), Length(max=160)])
    credited_organisation = StringField(_l("Organisation auf der Karte (freiwillig)"),
                                        validators=[Optional(), Length(max=200)])
    credited_group = SelectField(
        _l("Gruppe, die auf der Karte angegeben ist (freiwillig)"), validators=[Optional()],
        choices=choice_list([("", _l("keine Angabe")), *GROUPS.items()]), default="")
    language = SelectField(_l("Sprache der Karte"), choices=LANGUAGE_CHOICES, default="de")
    photo = FileField(_l("Foto der Karte (freiwillig)"),
                      description=_l("JPEG oder PNG, höchstens 10 MB. Nur Moderation und "
                                     "Steuerungsgruppe sehen es."))
    duplicate_of = RadioField(_l("Gleiche Idee wie eine vorhandene Karte?"),
                              validators=[Optional()], default="")
    find_similar = SubmitField(_l("Ähnliche Karten suchen"))
    submit = SubmitField(_l("Karte speichern"))
