"""Views of accounts: registration, login, password reset, profile and organisations."""

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts import privacy, services
from app.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    JoinForm,
    LoginForm,
    OrganisationForm,
    ProfileForm,
    RegisterForm,
    ResendConfirmationForm,
    ResetPasswordForm,
)
from app.accounts.models import ORGANISATION_KINDS, ROLES, Membership, Organisation, User
from app.core.actions import perform
from app.core.forms import ActionForm
from app.core.permissions import require
from app.core.ratelimits import write_limit
from app.core.urls import safe_next
from app.extensions import db, limiter, login_manager

auth_bp = Blueprint("auth", __name__, url_prefix="/auth")
me_bp = Blueprint("me", __name__, url_prefix="/me")
organisations_bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@login_manager.user_loader
def load_user(login_token: str) -> User | None:
    return services.user_of_login(login_token)


def _log_in(user: User, *, remember: bool = False) -> None:
    perform(lambda: services.start_login(user, remember=remember))
    login_user(user, remember=remember)
    # A language chosen on this visit (before logging in, e.g. on the login page) holds; else
    # the account's.
    session.setdefault("lang", user.language)


def _log_out() -> None:
    """End this browser's login on the server too: a copied cookie is worth nothing after."""
    if current_user.is_authenticated:
        perform(lambda: services.end_login(current_user.login_token))
    logout_user()
    # On a shared computer the next person starts in their browser's language, and their
    # account's once they log in, not in the language of the one before.
    session.pop("lang", None)


def _failed_login(response) -> bool:
    # A failed attempt re-renders the form (200); a success redirects.
    return response.status_code == 200


# --- authentication ---------------------------------------------------------------------------

@auth_bp.route("/register", methods=["GET", "POST"])
@write_limit("register")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("concepts.home"))
    form = RegisterForm()
    if request.method == "GET":
        form.language.data = str(session.get("lang") or request.accept_languages.best_match(
            ["de", "en", "ar"]) or "de")
    if form.validate_on_submit():
        perform(lambda: services.register_user(
            email=form.email.data, display_name=form.display_name.data,
            password=form.password.data, language=form.language.data, group=form.group.data,
        ))
        # The same answer whether or not the address already had an account (the owner of
        # an existing one gets a mail instead).
        session["lang"] = form.language.data
        session["registered_email"] = services.normalise_email(form.email.data)
        return redirect(url_for("auth.registered"))
    return render_template("accounts/register.html", form=form)


@auth_bp.get("/registered")
def registered():
    return render_template("accounts/registered.html", email=session.get("registered_email"))


@auth_bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: login_rate_limit(), methods=["POST"], deduct_when=_failed_login)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("concepts.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("E-Mail-Adresse oder Passwort stimmen nicht."))
        else:
            _log_in(user, remember=form.remember.data)
            flash(_("Sie sind angemeldet."), "success")
            return redirect(safe_next(form.next.data, url_for("concepts.home")))
    return render_template("accounts/login.html", form=form)


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@auth_bp.post("/logout")
def logout():
    _log_out()
    session.pop("lang", None)
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("concepts.home"))


@auth_bp.get("/confirm/<token>")
def confirm(token: str):
    outcome = perform(lambda: services.confirm_email(token))
    if not outcome:
        return redirect(url_for("me.profile") if current_user.is_authenticated
                        else url_for("auth.login"))
    user, first_time = outcome.value
    if first_time and not current_user.is_authenticated and user.is_active:
        # The link proves the address; right after registering, that is the way in.
        _log_in(user)
        session.pop("registered_email", None)
    flash(_("Danke! Ihre E-Mail-Adresse ist bestätigt."), "success")
    return redirect(url_for("me.profile") if current_user.is_authenticated
                    else url_for("auth.login"))


@auth_bp.post("/confirm/resend")
@login_required
def resend_confirmation():
    if ResendConfirmationForm().validate_on_submit() and not current_user.is_confirmed:
        perform(lambda: services.send_confirmation(current_user),
                _("Wir haben Ihnen den Bestätigungslink erneut geschickt."))
    return redirect(url_for("me.profile"))


@auth_bp.route("/forgot", methods=["GET", "POST"])
@write_limit("password_reset")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        perform(lambda: services.request_password_reset(form.email.data),
                _("Wenn es zu dieser Adresse ein Konto gibt, haben wir einen Link zum "
                  "Zurücksetzen geschickt. Er ist zwei Stunden gültig."))
        return redirect(url_for("auth.login"))
    return render_template("accounts/forgot.html", form=form)


@auth_bp.route("/reset/<token>", methods=["GET", "POST"])
@write_limit("password_reset")
def reset_password(token: str):
    form = ResetPasswordForm()
    if form.validate_on_submit():
        if not perform(lambda: services.reset_password(token, form.password.data),
                       _("Ihr Passwort ist geändert. Sie können sich jetzt anmelden.")):
            return redirect(url_for("auth.forgot_password"))
        logout_user()
        return redirect(url_for("auth.login"))
    return render_template("accounts/reset.html", form=form)


# --- own profile ------------------------------------------------------------------------------

@me_bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        perform(lambda: services.update_profile(current_user, display_name=form.display_name.data,
                                                language=form.language.data, group=form.group.data,
                                                notify_email=form.notify_email.data),
                _("Ihr Profil ist gespeichert."))
        session["lang"] = current_user.language
        return redirect(url_for("me.profile"))
    return render_template("accounts/profile.html", form=form, role_labels=ROLES,
                           resend_form=ResendConfirmationForm(), logout_form=ActionForm(),
                           login_count=services.active_login_count(current_user))


@me_bp.post("/logout-everywhere")
@login_required
def logout_everywhere():
    if ActionForm().validate_on_submit():
        perform(lambda: services.log_out_everywhere(current_user),
                _("Sie sind jetzt auf allen Geräten abgemeldet."))
        logout_user()
        session.pop("lang", None)
        return redirect(url_for("auth.login"))
    return redirect(url_for("me.profile"))


@me_bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    form.known_email, form.known_name = current_user.email, current_user.display_name
    if form.validate_on_submit():
        outcome = perform(
            lambda: services.change_password(current_user, form.current_password.data,
                                             form.password.data),
            _("Ihr Passwort ist geändert. Alle anderen Anmeldungen sind beendet."),
            form=form, field="current_password")
        if outcome:
            # The new password ended every login, this one too: start a fresh one here.
            _log_in(current_user._get_current_object())
            return redirect(url_for("me.profile"))
    return render_template("accounts/password.html", form=form)


@me_bp.get("/data")
@login_required
def personal_data():
    """What we store about the current user, kind by kind, and the button to download it."""
    return render_template("accounts/data.html", sections=privacy.SECTIONS,
                           data=privacy.export_user_data(current_user))


@me_bp.get("/data/download")
@login_required
def personal_data_download():
    """All of it as a ZIP (JSON and readable HTML). Reads only: a GET never writes."""
    archive = privacy.export_archive(current_user)
    return Response(archive.content, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{archive.filename}"',
        "Cache-Control": "no-store"})


@me_bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        outcome = perform(
            lambda: privacy.delete_account(current_user, form.password.data),
            _("Ihr Konto ist gelöscht. Ihre Beiträge bleiben ohne Ihren Namen erhalten."),
            form=form, field="password")
        if outcome:
            logout_user()
            session.pop("lang", None)
            return redirect(url_for("concepts.home"))
    return render_template("accounts/delete.html", form=form)


# --- organisations ----------------------------------------------------------------------------

@organisations_bp.get("/")
def index():
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    return render_template("accounts/organisations.html", organisations=organisations,
                           kinds=ORGANISATION_KINDS)


@organisations_bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    require("organisation.create")
    form = OrganisationForm()
    if form.validate_on_submit():
        outcome = perform(
            lambda: services.create_organisation(
                creator=current_user, name=form.name.data, kind=form.kind.data,
                description=form.description.data or "", place=form.place.data or "",
                website=form.website.data or "",
            ),
            _("Die Organisation ist angelegt. Das Amt prüft sie und bestätigt sie dann."),
            form=form, field="name")
        if outcome:
            return redirect(url_for("organisations.show", organisation_id=outcome.value.id))
    return render_template("accounts/organisation_form.html", form=form, organisation=None)


@organisations_bp.get("/<int:organisation_id>")
def show(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id, options=[
        selectinload(Organisation.memberships).joinedload(Membership.user)])
    return render_template("accounts/organisation.html", organisation=organisation,
                           join_form=JoinForm(), action_form=ActionForm())


@organisations_bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    require("organisation.edit", organisation)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        values = {f: (form[f].data or "") for f in services.ORGANISATION_FIELDS}
        outcome = perform(lambda: services.update_organisation(organisation, values,
                                                               actor=current_user),
                          _("Die Organisation ist gespeichert."), form=form, field="name")
        if outcome:
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return render_template("accounts/organisation_form.html", form=form,
                           organisation=organisation)


@organisations_bp.post("/<int:organisation_id>/join")
@login_required
def join(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    require("organisation.join", organisation)
    form = JoinForm()
    if form.validate_on_submit():
        perform(lambda: services.request_membership(current_user, organisation,
                                                    form.message.data or ""),
                _("Ihre Anfrage ist gestellt. Sie erhalten eine E-Mail, sobald darüber "
                  "entschieden ist."))
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


@organisations_bp.post("/memberships/<int:membership_id>/<any(accept, decline):decision>")
@login_required
def decide(membership_id: int, decision: str):
    membership = db.get_or_404(Membership, membership_id)
    require("organisation.decide_membership", membership.organisation)
    if ActionForm().validate_on_submit():
        perform(lambda: services.decide_membership(membership, decision == "accept",
                                                   actor=current_user),
                _("Die Anfrage ist angenommen.") if decision == "accept"
                else _("Die Anfrage ist abgelehnt."))
    return redirect(safe_next(request.form.get("back"),
                              url_for("organisations.show",
                                      organisation_id=membership.organisation_id)))
