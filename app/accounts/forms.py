"""Forms of accounts and organisations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from app.accounts.models import EMAIL_PREFERENCES, GROUPS, LANGUAGE_CHOICES, ORGANISATION_KINDS
from app.accounts.services import MIN_PASSWORD_LENGTH, password_problems
from app.core.forms import choice_list

GROUP_CHOICES = choice_list([("", _l("Keine Angabe")), *GROUPS.items()])
LANGUAGE_CHOICE_LIST = choice_list(LANGUAGE_CHOICES.items())


class StrongPassword:
    """Checks a new password against the strength rule of the accounts module."""

    def __init__(self, email_field: str | None = "email", name_field: str | None = "display_name"):
        self.email_field = email_field
        self.name_field = name_field

    def __call__(self, form, field):
        email = form[self.email_field].data if self.email_field in form else ""
        name = form[self.name_field].data if self.name_field in form else ""
        if getattr(form, "known_email", None):
            email = form.known_email
        if getattr(form, "known_name", None):
            name = form.known_name
        problems = password_problems(field.data or "", email=email or "", display_name=name or "")
        if problems:
            raise ValidationError(" ".join(problems))


PASSWORDS_DIFFER = _l("Die Passwörter stimmen nicht überein.")
HTTP_ONLY = _l("Bitte geben Sie eine Adresse ein, die mit http:// oder https:// beginnt.")

PASSWORD_HINT = _l("Mindestens %(n)d Zeichen. Ein Satz aus mehreren Wörtern ist leicht zu "
                   "merken und schwer zu erraten.", n=MIN_PASSWORD_LENGTH)


class RegisterForm(FlaskForm):
    display_name = StringField(
        _l("Angezeigter Name"), validators=[DataRequired(), Length(min=2, max=80)],
        description=_l("So erscheinen Sie bei Ihren Beiträgen, z. B. Ihr Vorname."),
    )
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Email(), Length(max=254)],
                       description=_l("Wird nie öffentlich angezeigt."))
    password = PasswordField(_l("Passwort"), validators=[DataRequired(), StrongPassword()],
                             description=PASSWORD_HINT)
    password_repeat = PasswordField(
        _l("Passwort wiederholen"),
        validators=[DataRequired(), EqualTo("password", PASSWORDS_DIFFER)],
    )
    group = SelectField(
        _l("Ich bin … (freiwillig)"), choices=GROUP_CHOICES, validators=[Optional()],
        description=_l("Nur für eine anonyme Statistik, wer sich beteiligt hat."),
    )
    language = SelectField(_l("Sprache"), choices=LANGUAGE_CHOICE_LIST)
    privacy = BooleanField(
        _l("Ich habe die Datenschutzhinweise gelesen und bin einverstanden."),
        validators=[DataRequired(_l("Bitte stimmen Sie den Datenschutzhinweisen zu."))],
    )
    submit = SubmitField(_l("Konto anlegen"))


class LoginForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Passwort"), validators=[DataRequired()])
    remember = BooleanField(_l("Angemeldet bleiben"))
    next = HiddenField()
    submit = SubmitField(_l("Anmelden"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Email()])
    submit = SubmitField(_l("Link zum Zurücksetzen senden"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("Neues Passwort"), validators=[DataRequired(), StrongPassword()],
                             description=PASSWORD_HINT)
    password_repeat = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[DataRequired(), EqualTo("password", PASSWORDS_DIFFER)],
    )
    submit = SubmitField(_l("Passwort speichern"))


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(_l("Bisheriges Passwort"), validators=[DataRequired()])


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Angezeigter Name"),
                               validators=[DataRequired(), Length(min=2, max=80)])
    language = SelectField(_l("Sprache"), choices=LANGUAGE_CHOICE_LIST)
    group = SelectField(_l("Ich bin … (freiwillig)"), choices=GROUP_CHOICES,
                        validators=[Optional()])
    notify_email = RadioField(_l("E-Mails über Benachrichtigungen"),
                              choices=choice_list(EMAIL_PREFERENCES.items()),
                              validators=[InputRequired()])
    submit = SubmitField(_l("Profil speichern"))


class ResendConfirmationForm(FlaskForm):
    submit = SubmitField(_l("Bestätigungslink erneut senden"))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name der Organisation"), validators=[DataRequired(), Length(max=200)])
    kind = RadioField(_l("Art der Organisation"), choices=choice_list(ORGANISATION_KINDS.items()),
                      validators=[InputRequired(_l("Bitte wählen Sie die Art der Organisation."))])
    place = StringField(_l("Ort"), validators=[Optional(), Length(max=120)])
    website = URLField(_l("Webseite"), validators=[Optional(), URL(), Length(max=300),
                                                  Regexp(r"^https?://", message=HTTP_ONLY)],
                       description=_l("Beginnt mit https://"))
    description = TextAreaField(_l("Kurze Beschreibung"),
                                validators=[Optional(), Length(max=2000)],
                                description=_l("Was macht Ihre Organisation? "
                                               "Markdown ist erlaubt."))
    submit = SubmitField(_l("Speichern"))


class JoinForm(FlaskForm):
    message = TextAreaField(_l("Nachricht an die Organisation (freiwillig)"),
                            validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Aufnahme anfragen"))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Ihr Passwort zur Bestätigung"), validators=[DataRequired()])
    confirm = BooleanField(
        _l("Ja, ich möchte mein Konto löschen."),
        validators=[DataRequired(_l("Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten."))],
    )
    submit = SubmitField(_l("Konto endgültig löschen"))
