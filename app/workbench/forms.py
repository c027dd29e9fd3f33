"""Forms of the workbench: list filters, actions on a selection, items, withdrawing."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.concepts.models import ITEM_KINDS
from app.concepts.services import MAX_ITEM_TEXT
from app.contributions.forms import MultiCheckboxField
from app.core.forms import LockVersionField, choice_list, content_choices
from app.core.templating import MarkedMessage, reference_text
from app.core.translations import Localized, localized
from app.workbench.services import MAX_REASON

OUTCOME_FILTER_ALL = "all"


class WorkbenchFilterForm(FlaskForm):
    """GET filters of the contribution list (no CSRF: they change nothing)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Suche im Text"), validators=[Optional(), Length(max=200)])
    outcome = SelectField(_l("Ergebnis"), validators=[Optional()], choices=[])
    round = SelectField(_l("Beteiligungsrunde"), validators=[Optional()], choices=[])
    event = SelectField(_l("Veranstaltung"), validators=[Optional()], choices=[])
    station = SelectField(_l("Thementisch"), validators=[Optional()], choices=[])
    kind = SelectField(_l("Art"), validators=[Optional()], choices=[])
    theme = SelectField(_l("Querschnittsthema"), validators=[Optional()], choices=[])
    sort = SelectField(_l("Sortierung"), validators=[Optional()], choices=choice_list([
        ("oldest", _l("älteste zuerst")), ("newest", _l("neueste zuerst")),
        ("supported", _l("meiste Unterstützung")), ("discussed", _l("meiste Kommentare"))]))


class SelectionForm(FlaskForm):
    """Actions on the selected contributions (their ids come as the repeated field `c`)."""

    new_kind = SelectField(_l("Art des neuen Elements"), choices=[])
    item = SelectField(_l("Element"), validators=[Optional()], choices=[])
    note = StringField(_l("Notiz zur Verknüpfung (optional)"),
                       validators=[Optional(), Length(max=MAX_REASON)])
    original = StringField(MarkedMessage(_l("Original (Nummer, z. B. %(example)s)"),
                                         mark=reference_text, example="B-0123"),
                           validators=[Optional(), Length(max=20)])
    outcome = RadioField(_l("Ergebnis"), default="not_taken_up", choices=choice_list([
        ("not_taken_up", _l("nicht aufgenommen")), ("forwarded", _l("weitergeleitet"))]))
    reason_template = SelectField(_l("Grund aus der Vorlage"), validators=[Optional()],
                                  choices=[])
    reason_text = TextAreaField(_l("oder eigener Grund"),
                                validators=[Optional(), Length(max=MAX_REASON)],
                                description=_l("Die Autorin oder der Autor liest den Grund "
                                               "beim Beitrag."))
    forwarded_to = StringField(_l("Weitergeleitet an"), validators=[Optional(), Length(max=200)],
                               description=_l("Nur bei „weitergeleitet“, z. B. „Stadt Singen“."))
    next = HiddenField()

    def set_choices(self, items, reasons) -> None:
        self.new_kind.choices = choice_list(ITEM_KINDS.items())
        if not self.new_kind.data:
            self.new_kind.data = "sub_goal"  # what a selection most often becomes
        self.item.choices = choice_list([("", _l("– bitte wählen –"))]) + content_choices(
            (str(i.id), i.label) for i in items)
        reason_choices = content_choices((str(r.id), _reason_label(r)) for r in reasons)
        self.reason_template.choices = [*choice_list([("", _l("– bitte wählen –"))]),
                                        *reason_choices]


def _reason_label(reason) -> Localized:
    title = localized(reason, "title")
    return Localized(f"{title} ({_outcome_short(reason.purpose)})", title.lang)


def _outcome_short(purpose: str) -> str:
    return str(_l("nicht aufgenommen") if purpose == "not_taken_up" else _l("weitergeleitet"))


class ItemForm(FlaskForm):
    kind = SelectField(_l("Art"), choices=[])
    parent = SelectField(_l("Gehört zum Unterziel"), validators=[Optional()], choices=[],
                         description=_l("Nur für Maßnahmen: jede Maßnahme gehört zu einem "
                                        "Unterziel."))
    text = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=MAX_ITEM_TEXT)],
                         description=_l("Höchstens %(max)d Zeichen. Markdown ist erlaubt.",
                                        max=MAX_ITEM_TEXT))
    responsible = StringField(_l("Verantwortlich"), validators=[Optional(), Length(max=300)],
                              description=_l("Bei Maßnahmen, z. B. „Amt für Migration und "
                                             "Integration“."))
    partners = StringField(_l("Kooperationspartner"), validators=[Optional(), Length(max=1000)])
    timeframe = StringField(_l("Zeitrahmen"), validators=[Optional(), Length(max=120)],
                            description=_l("z. B. „ab 2018“ oder „laufend“."))
    example_by = StringField(_l("Wer macht das?"), validators=[Optional(), Length(max=300)],
                             description=_l("Bei Best-Practice-Beispielen."))
    example_where = StringField(_l("Wo?"), validators=[Optional(), Length(max=200)])
    example_link = StringField(_l("Link"), validators=[Optional(), Length(max=500)],
                               description=_l("Beginnt mit https://"))
    themes = MultiCheckboxField(_l("Querschnittsthemen"), choices=[])
    note = StringField(_l("Notiz zu den Verknüpfungen (optional)"),
                       validators=[Optional(), Length(max=MAX_REASON)])
    lock_version = LockVersionField()
    submit = SubmitField(_l("Speichern"))

    def set_choices(self, *, kinds, sub_goals, themes) -> None:
        self.kind.choices = choice_list((k, ITEM_KINDS[k]) for k in kinds)
        self.parent.choices = choice_list([("", _l("– bitte wählen –"))]) + content_choices(
            (str(i.id), i.label) for i in sub_goals)
        self.themes.choices = content_choices((t.slug, localized(t, "name")) for t in themes)


class WithdrawItemForm(FlaskForm):
    reason = TextAreaField(_l("Grund"), validators=[DataRequired(), Length(max=MAX_REASON)],
                           description=_l("Steht in der Versionsgeschichte des Elements."))
    submit = SubmitField(_l("Zurückziehen"))
