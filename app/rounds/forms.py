"""Forms of rounds and networks (staff)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    DateField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import LockVersionField, choice_list, content_choices
from app.core.time import as_utc
from app.core.translations import in_language
from app.rounds.models import AUDIENCES, CONTRIBUTION_KINDS, ROUND_KINDS

PUBLISH_CHOICES = {
    "immediately": _l("Sofort veröffentlichen"),
    "after_approval": _l("Erst nach Freigabe durch die Moderation veröffentlichen"),
}


class OptionalCheckbox(CheckboxInput):
    """A checkbox of a group: "at least one" is the group's rule, not each box's, so the boxes
    do not carry `required` (screen readers would announce every one as required)."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("required", False)
        return super().__call__(field, **kwargs)


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (the name is what macros/forms.html recognises)."""

    widget = ListWidget(prefix_label=False)
    option_widget = OptionalCheckbox()


def local_zone() -> ZoneInfo:
    """The time zone in which staff enter and read the times of rounds."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def to_utc(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=local_zone()).astimezone(UTC)


def to_local(value: datetime) -> datetime:
    return as_utc(value).astimezone(local_zone())


class RoundForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        _l("Beschreibung"), validators=[Optional(), Length(max=20_000)],
        description=_l("Worum geht es, was wünschen Sie sich von den Beteiligten? Markdown: "
                       "## Zwischenüberschrift, **fett**, - Liste."))
    kind = RadioField(_l("Art der Runde"), choices=choice_list(ROUND_KINDS.items()),
                      default="online", validators=[InputRequired()])
    opens_on = DateField(_l("Beginn (Datum)"), validators=[InputRequired()])
    opens_time = TimeField(_l("Beginn (Uhrzeit)"), validators=[InputRequired()],
                           default=time(0, 0))
    closes_on = DateField(_l("Ende (Datum)"), validators=[InputRequired()])
    closes_time = TimeField(_l("Ende (Uhrzeit)"), validators=[InputRequired()],
                            default=time(23, 59))
    audience = RadioField(_l("Wer kann mitmachen?"), choices=choice_list(AUDIENCES.items()),
                          default="all", validators=[InputRequired()])
    topics = MultiCheckboxField(
        _l("Themen der Runde"), coerce=int,
        validators=[DataRequired(message=_l("Bitte wählen Sie mindestens ein Thema."))])
    accepted_kinds = MultiCheckboxField(
        _l("Welche Beiträge sind gefragt?"), choices=choice_list(CONTRIBUTION_KINDS.items()),
        validators=[DataRequired(message=_l("Bitte wählen Sie mindestens eine Art von "
                                            "Beiträgen."))])
    version = SelectField(
        _l("Anmerkungen zu einer Fassung (optional)"), validators=[Optional()], default="",
        description=_l("Für Netzwerkrunden: die Beteiligten schreiben Anmerkungen zu einzelnen "
                       "Zielen und Maßnahmen dieser Fassung (Art „Anmerkung zu einem "
                       "Entwurfselement“)."))
    publish = RadioField(_l("Neue Beiträge"), choices=choice_list(PUBLISH_CHOICES.items()),
                         default="immediately", validators=[InputRequired()])
    networks = MultiCheckboxField(
        _l("Eingeladene Netzwerke"), coerce=int, validators=[Optional()],
        description=_l("Nur für Runden, an denen nur Eingeladene teilnehmen. Alle Personen im "
                       "Netzwerk und die Mitglieder seiner Organisationen werden einmal "
                       "benachrichtigt."))
    organisations = MultiCheckboxField(
        _l("Eingeladene Organisationen"), coerce=int, validators=[Optional()],
        description=_l("Ihre aktiven Mitglieder werden einmal benachrichtigt."))
    lock_version = LockVersionField()
    submit = SubmitField(_l("Speichern"))

    def __init__(self, *args, concept=None, networks=(), organisations=(), versions=(),
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.version.choices = [("", _l("keine")), *content_choices(
            (str(v.id), f"{v.name} – {v.label}") for v in versions)]
        topics = concept.topics if concept is not None else []
        # A checkbox's label holds the name marked with its language and the kind in the page's.
        self.topics.choices = [(t.id, Markup("%s (%s)") % (in_language(t, "name"), t.kind_label))
                               for t in topics]
        self.networks.choices = content_choices((n.id, n.name) for n in networks)
        self.organisations.choices = content_choices((o.id, o.name) for o in organisations)

    def fill_from(self, round_) -> None:
        """Show a saved round (times in local time)."""
        opens, closes = to_local(round_.opens_at), to_local(round_.closes_at)
        self.title.data = round_.title
        self.description.data = round_.description
        self.kind.data = round_.kind
        self.opens_on.data, self.opens_time.data = opens.date(), opens.time().replace(second=0)
        self.closes_on.data, self.closes_time.data = (closes.date(),
                                                      closes.time().replace(second=0))
        self.audience.data = round_.audience
        self.topics.data = [t.id for t in round_.topics]
        self.accepted_kinds.data = list(round_.accepted_kinds or [])
        self.publish.data = "immediately" if round_.publish_immediately else "after_approval"
        self.networks.data = [n.id for n in round_.networks]
        self.organisations.data = [o.id for o in round_.organisations]
        self.version.data = str(round_.version_id or "")
        self.lock_version.data = round_.lock_version

    def fill_defaults(self, today: date) -> None:
        """A new round: open from today for four weeks, all topics, all kinds but remarks."""
        self.opens_on.data = today
        self.closes_on.data = today + timedelta(days=28)
        self.topics.data = [value for value, _label in self.topics.choices]
        self.accepted_kinds.data = [k for k in CONTRIBUTION_KINDS if k != "remark"]

    def values(self, concept, networks, organisations) -> dict:
        """What rounds.services.save_round takes, from the submitted form."""
        wanted_topics = set(self.topics.data or ())
        wanted_networks = set(self.networks.data or ())
        wanted_organisations = set(self.organisations.data or ())
        return {
            "title": self.title.data,
            "description": self.description.data or "",
            "kind": self.kind.data,
            "opens_at": self.opens_at,
            "closes_at": self.closes_at,
            "audience": self.audience.data,
            "accepted_kinds": [k for k in CONTRIBUTION_KINDS
                               if k in (self.accepted_kinds.data or ())],
            "publish_immediately": self.publish.data == "immediately",
            "topics": [t for t in concept.topics if t.id in wanted_topics],
            "networks": [n for n in networks if n.id in wanted_networks],
            "organisations": [o for o in organisations if o.id in wanted_organisations],
            "version_id": int(self.version.data) if (self.version.data or "").isdigit() else None,
        }

    @property
    def opens_at(self) -> datetime:
        return to_utc(self.opens_on.data, self.opens_time.data)

    @property
    def closes_at(self) -> datetime:
        return to_utc(self.closes_on.data, self.closes_time.data)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        times = (self.opens_on.data, self.opens_time.data, self.closes_on.data,
                 self.closes_time.data)
        if all(v is not None for v in times) and self.closes_at <= self.opens_at:
            self.closes_on.errors = [*self.closes_on.errors,
                                     _l("Das Ende muss nach dem Beginn liegen.")]
            valid = False
        if (self.audience.data == "invited" and not self.networks.data
                and not self.organisations.data):
            self.networks.errors = [*self.networks.errors,
                                    _l("Bitte laden Sie mindestens ein Netzwerk oder eine "
                                       "Organisation ein, oder öffnen Sie die Runde für alle.")]
            valid = False
        if self.version.data and "remark" not in (self.accepted_kinds.data or ()):
            self.version.errors = [*self.version.errors,
                                   _l("Eine Runde zu einer Fassung nimmt Anmerkungen zu "
                                      "Entwurfselementen an: bitte wählen Sie diese Art aus.")]
            valid = False
        return valid


class NetworkForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=5000)])
    organisations = MultiCheckboxField(_l("Organisationen im Netzwerk"), coerce=int,
                                       validators=[Optional()])
    add_emails = TextAreaField(
        _l("Personen hinzufügen"), validators=[Optional(), Length(max=20_000)],
        description=_l("E-Mail-Adressen von Personen mit Konto, eine pro Zeile. Mitglieder der "
                       "ausgewählten Organisationen gehören ohnehin dazu."))
    submit = SubmitField(_l("Speichern"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations.choices = content_choices((o.id, o.name) for o in organisations)

    @property
    def emails(self) -> list[str]:
        text = (self.add_emails.data or "").replace(",", "\n").replace(";", "\n")
        return [line.strip().lower() for line in text.splitlines() if line.strip()]


class PeopleSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Person suchen (Name oder E-Mail-Adresse)"),
                    validators=[Optional(), Length(max=120)])
