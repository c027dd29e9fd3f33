"""Forms of versions: freeze, visibility, review, verdicts, answers, adoption, comparison."""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.core.forms import choice_list, content_choices
from app.versions.models import ADOPTING_BODIES, ANSWER_KINDS, VERDICTS, VISIBILITIES
from app.versions.services import MAX_LABEL, MAX_REMARK

OTHER_BODY = "__other__"


class FreezeForm(FlaskForm):
    label = StringField(_l("Bezeichnung"), validators=[DataRequired(), Length(max=MAX_LABEL)],
                        description=_l("Zum Beispiel „Entwurf nach der Dialogveranstaltung“."))
    note = TextAreaField(_l("Notiz (optional)"), validators=[Optional(), Length(max=5000)],
                         description=_l("Was ist neu, was soll die Steuerungsgruppe beachten? "
                                        "Markdown ist möglich."))
    visibility = RadioField(_l("Sichtbarkeit"), default="internal",
                            choices=choice_list(VISIBILITIES.items()))


class VisibilityForm(FlaskForm):
    visibility = HiddenField(validators=[DataRequired()])


class ReviewForm(FlaskForm):
    deadline = DateField(_l("Frist für die Stellungnahmen"), validators=[InputRequired()])
    message = TextAreaField(_l("Nachricht an die Steuerungsgruppe (optional)"),
                            validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.deadline.data is None and not self.is_submitted():
            self.deadline.data = date.today() + timedelta(days=14)

    def validate_deadline(self, field):
        if field.data and field.data < date.today():
            raise ValidationError(_l("Die Frist muss heute oder später sein."))


class VerdictForm(FlaskForm):
    # "item-<id>" or "chapter-<id>": what the verdict is about.
    target = HiddenField(validators=[DataRequired()])
    verdict = RadioField(_l("Ihr Votum"), validators=[InputRequired(
        message=_l("Bitte wählen Sie ein Votum."))], choices=choice_list(VERDICTS.items()))
    remark = TextAreaField(_l("Anmerkung"), validators=[Optional(), Length(max=MAX_REMARK)],
                           description=_l("Nötig bei einem Einwand oder einer Zustimmung mit "
                                          "Anmerkungen."))

    def validate_remark(self, field):
        if self.verdict.data in ("object", "agree_with_remarks") and not (field.data or "").strip():
            raise ValidationError(_l("Bitte begründen Sie Ihren Einwand oder Ihre Anmerkung."))


class AnswerForm(FlaskForm):
    answer_kind = RadioField(_l("Wie wurde die Anmerkung aufgenommen?"),
                             validators=[InputRequired(message=_l("Bitte wählen Sie eine Art."))],
                             choices=choice_list(ANSWER_KINDS.items()))
    answer = TextAreaField(_l("Antwort an das Mitglied"),
                           validators=[DataRequired(), Length(max=3000)])


class AdoptionForm(FlaskForm):
    body = SelectField(_l("Gremium"), choices=[
        *content_choices((b, b) for b in ADOPTING_BODIES),
        *choice_list([(OTHER_BODY, _l("anderes Gremium …"))])])
    body_other = StringField(_l("Anderes Gremium"), validators=[Length(max=200)],
                             description=_l("Nur wenn oben „anderes Gremium …“ gewählt ist."))
    adopted_on = DateField(_l("Datum des Beschlusses"), validators=[InputRequired()])
    resolution = TextAreaField(_l("Beschlusstext"), validators=[Optional(), Length(max=5000)])
    document_ref = StringField(_l("Vorlage oder Protokoll (optional)"),
                               validators=[Optional(), Length(max=300)],
                               description=_l("Zum Beispiel die Nummer der Drucksache oder "
                                              "ein Link zum Protokoll."))

    def validate_body_other(self, field):
        if self.body.data == OTHER_BODY and not (field.data or "").strip():
            raise ValidationError(_l("Bitte nennen Sie das Gremium."))

    def validate_adopted_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("Das Datum des Beschlusses liegt in der Zukunft."))

    @property
    def body_name(self) -> str:
        return self.body_other.data.strip() if self.body.data == OTHER_BODY else self.body.data


class CompareForm(FlaskForm):
    """GET: choose two states to compare (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    a = SelectField(_l("Ältere Fassung"), choices=[])
    b = SelectField(_l("Neuere Fassung"), choices=[])
