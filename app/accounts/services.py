"""Use cases of accounts and organisations. They flush but never commit; the caller commits."""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import (
    ORGANISATION_KINDS,
    ROLES,
    LoginSession,
    Membership,
    Organisation,
    User,
    UserRole,
)
from app.core import audit
from app.core.actions import Refusal
from app.core.labels import Labels
from app.core.outbox import queue_mail
from app.core.sanitize import render_markdown
from app.core.time import utcnow
from app.core.urls import absolute_url
from app.extensions import db

MIN_PASSWORD_LENGTH = 10
# Passwords that appear at the top of every leaked-password list, in German and English.
COMMON_PASSWORDS = {
    "1234567890", "12345678910", "0123456789", "123456789a", "1q2w3e4r5t", "qwertzuiop",
    "qwertyuiop", "passwort123", "password123", "password1234", "passwort1234", "hallo12345",
    "hallohallo", "schatzilein", "ichliebedich", "iloveyou123", "asdfghjkl1", "sommer2026",
    "winter2026", "konstanz123", "bodensee123", "integration", "abcdefghij", "letmein1234",
    "willkommen1", "willkommen123", "administrator", "geheim1234", "1111111111",
}


# How the audit log names accounts, organisations and memberships and their fields.
MEMBERSHIP_STATES = {Membership.REQUESTED: _l("angefragt"), Membership.ACTIVE: _l("aktiv"),
                     Membership.DECLINED: _l("abgelehnt"), Membership.ENDED: _l("beendet")}
audit.describe(User.__tablename__, label=_l("Konto"),
               fields={"roles": _l("Rollen"), "active": _l("Konto aktiv"),
                       "logins": _l("Anmeldungen")},
               values={"roles": ROLES})
audit.describe(Organisation.__tablename__, label=_l("Organisation"),
               fields={"verified": _l("bestätigt"), "website": _l("Website")},
               values={"kind": ORGANISATION_KINDS})
audit.describe_actions({
    "user.registered": _l("Konto registriert"), "user.created": _l("Konto angelegt"),
    "user.email_confirmed": _l("E-Mail-Adresse bestätigt"),
    "user.profile_updated": _l("Profil geändert"), "user.roles_changed": _l("Rollen geändert"),
    "user.activated": _l("Konto freigeschaltet"), "user.deactivated": _l("Konto gesperrt"),
    "user.password_changed": _l("Passwort geändert"),
    "user.password_reset_requested": _l("Neues Passwort angefordert"),
    "user.password_reset": _l("Passwort neu gesetzt"),
    "user.logged_out_everywhere": _l("Überall abgemeldet"), "user.deleted": _l("Konto gelöscht"),
    "organisation.created": _l("Organisation angelegt"),
    "organisation.updated": _l("Organisation geändert"),
    "organisation.verified": _l("Organisation bestätigt"),
    "organisation.unverified": _l("Bestätigung der Organisation zurückgenommen"),
    "membership.requested": _l("Mitgliedschaft angefragt"),
    "membership.accepted": _l("Mitgliedschaft angenommen"),
    "membership.declined": _l("Mitgliedschaft abgelehnt"),
    "membership.ended": _l("Mitgliedschaft beendet"),
    "membership.representative_set": _l("Als Vertretung eingetragen"),
    "membership.representative_unset": _l("Vertretung beendet")})
audit.describe(Membership.__tablename__, label=_l("Mitgliedschaft"),
               fields={"is_representative": _l("vertritt die Organisation")},
               values={"status": Labels(MEMBERSHIP_STATES)})


class AccountError(Refusal):
    """A use case refused; the message is shown to the user."""


# --- passwords and tokens ---------------------------------------------------------------------

def password_problems(password: str, *, email: str = "", display_name: str = "") -> list[str]:
    """Why a new password is too weak (empty list: it is fine)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            _("Das Passwort muss mindestens %(n)d Zeichen lang sein.", n=MIN_PASSWORD_LENGTH)
        )
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) <= 3:
        problems.append(_("Dieses Passwort ist zu leicht zu erraten."))
    local_part = email.split("@")[0].lower()
    names = [n for n in (local_part, display_name.lower().strip()) if len(n) >= 4]
    if any(n in lowered for n in names):
        problems.append(
            _("Das Passwort darf nicht Ihren Namen oder Ihre E-Mail-Adresse enthalten.")
        )
    return problems


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def make_confirm_token(user: User) -> str:
    return _serializer("confirm-email").dumps({"id": user.id, "email": user.email})


def make_reset_token(user: User) -> str:
    # The hash fragment makes the link single-use: it dies when the password changes.
    return _serializer("reset-password").dumps({"id": user.id, "pw": user.password_hash[-12:]})


def _load_token(salt: str, token: str, max_age: int) -> dict:
    try:
        return _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise AccountError(_("Der Link ist abgelaufen. Bitte fordern Sie einen neuen an.")) from exc
    except BadSignature as exc:
        raise AccountError(_("Der Link ist ungültig.")) from exc


# --- logins: each lives on the server and can be ended there ---------------------------------

def start_login(user: User, *, remember: bool = False) -> LoginSession:
    """A new login of `user` in one browser; its token goes into the session cookie."""
    config = current_app.config
    lifetime = (timedelta(days=config["REMEMBER_DAYS"]) if remember
                else timedelta(hours=config["LOGIN_HOURS"]))
    login = LoginSession(user_id=user.id, remember=remember, expires_at=utcnow() + lifetime)
    db.session.add(login)
    db.session.flush()
    user.login_token = login.token
    return login


def user_of_login(token: str | None) -> User | None:
    """The active user of a login that has neither ended nor expired."""
    if not token:
        return None
    # Permission checks on every page read the user's roles and memberships: load them here,
    # joined into the one statement (a person has a few of each), not two more per request.
    user = db.session.scalars(
        select(User).join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.token == token, LoginSession.ended_at.is_(None),
               LoginSession.expires_at > utcnow())
        .options(joinedload(User.role_rows),
                 joinedload(User.memberships).joinedload(Membership.organisation))
    ).unique().one_or_none()
    if user is None or not user.is_active:
        return None
    user.login_token = token
    return user


def end_login(token: str | None) -> None:
    if token:
        db.session.execute(update(LoginSession).where(LoginSession.token == token,
                                                      LoginSession.ended_at.is_(None))
                           .values(ended_at=utcnow()))


def end_all_logins(user: User) -> int:
    """End every login of `user`, in every browser (also the current one); returns how many."""
    result = db.session.execute(update(LoginSession).where(LoginSession.user_id == user.id,
                                                           LoginSession.ended_at.is_(None))
                                .values(ended_at=utcnow()))
    return result.rowcount or 0


def active_login_count(user: User) -> int:
    return db.session.scalar(
        select(func.count(LoginSession.id)).where(
            LoginSession.user_id == user.id, LoginSession.ended_at.is_(None),
            LoginSession.expires_at > utcnow())) or 0


def log_out_everywhere(user: User) -> int:
    count = end_all_logins(user)
    audit.record("user.logged_out_everywhere", user, actor=user, after={"logins": count})
    return count


def set_password(user: User, password: str) -> None:
    """A new password ends every login made with the old one."""
    user.set_password(password)
    end_all_logins(user)


# --- users ------------------------------------------------------------------------------------

def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def register_user(*, email: str, display_name: str, password: str, language: str = "de",
                  group: str | None = None) -> User | None:
    """A new account waiting for its address to be confirmed. If the address already has an
    account, its owner gets a mail instead and None is returned: the page answers the same in
    both cases, so nobody can find out through the form who has an account."""
    email = normalise_email(email)
    existing = find_user_by_email(email)
    if existing is not None:
        # Hash anyway, so that both answers take the same time.
        generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])
        queue_mail(existing.email, "registration_exists", "registration_exists",
                   locale=existing.language, user=existing,
                   login_link=absolute_url("auth.login"),
                   reset_link=absolute_url("auth.forgot_password"))
        return None
    user = User(email=email, display_name=display_name.strip(), language=language,
                group=group or None, privacy_accepted_at=utcnow())
    user.set_password(password)
    user.role_rows.append(UserRole(role="participant"))
    db.session.add(user)
    db.session.flush()
    send_confirmation(user)
    audit.record("user.registered", user, actor=user, summary=user.display_name)
    return user


def send_confirmation(user: User) -> None:
    link = absolute_url("auth.confirm", token=make_confirm_token(user))
    queue_mail(user.email, "confirm", "confirm", locale=user.language, user=user,
               link=link, secrets=(link,))


def confirm_email(token: str) -> tuple[User, bool]:
    """The user the link was made for, and whether this is the first confirmation (only that
    one logs the person in: the link is then spent for logging in)."""
    data = _load_token("confirm-email", token, current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("id"))
    if user is None or user.email != data.get("email"):
        raise AccountError(_("Der Link ist ungültig."))
    if user.email_confirmed_at is not None:
        return user, False
    user.email_confirmed_at = utcnow()
    audit.record("user.email_confirmed", user, actor=user)
    return user, True


# A hash to compare against when the e-mail is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    user.last_login_at = utcnow()
    return user


def request_password_reset(email: str) -> None:
    """Queue a reset mail if the account exists; say nothing either way (no account probing)."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    link = absolute_url("auth.reset_password", token=make_reset_token(user))
    queue_mail(user.email, "reset", "reset", locale=user.language, user=user,
               link=link, secrets=(link,))
    audit.record("user.password_reset_requested", user, actor=user)


def reset_password(token: str, new_password: str) -> User:
    data = _load_token("reset-password", token, current_app.config["RESET_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("id"))
    if user is None or user.password_hash[-12:] != data.get("pw"):
        raise AccountError(_("Der Link ist ungültig oder wurde schon benutzt."))
    set_password(user, new_password)
    # Whoever can read the mailbox has shown they own the address.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    audit.record("user.password_reset", user, actor=user)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise AccountError(_("Das bisherige Passwort stimmt nicht."))
    set_password(user, new_password)
    audit.record("user.password_changed", user, actor=user)


def update_profile(user: User, *, display_name: str, language: str, group: str | None,
                   notify_email: str | None = None) -> None:
    values = {"display_name": display_name.strip(), "language": language, "group": group or None,
              "notify_email": notify_email or user.notify_email}
    before, after = audit.changes(user, list(values), values)
    for field, value in values.items():
        setattr(user, field, value)
    if after:
        audit.record("user.profile_updated", user, actor=user, before=before, after=after)


def set_roles(user: User, roles: set[str], *, actor: User) -> None:
    unknown = roles - set(ROLES)
    if unknown:
        raise AccountError(_("Unbekannte Rolle: %(roles)s", roles=", ".join(sorted(unknown))))
    roles = roles | {"participant"}
    if user.id == actor.id and "admin" in user.roles and "admin" not in roles:
        raise AccountError(_("Sie können sich die Administrationsrolle nicht selbst entziehen."))
    before = sorted(user.roles)
    for row in list(user.role_rows):
        if row.role not in roles:
            user.role_rows.remove(row)
    for role in sorted(roles - user.roles):
        user.role_rows.append(UserRole(role=role))
    if before != sorted(roles):
        audit.record("user.roles_changed", user, actor=actor, summary=user.email,
                     before={"roles": before}, after={"roles": sorted(roles)})


def set_active(user: User, active: bool, *, actor: User) -> None:
    if user.id == actor.id and not active:
        raise AccountError(_("Sie können Ihr eigenes Konto nicht sperren."))
    if user.active != active:
        user.active = active
        if not active:
            end_all_logins(user)
        audit.record("user.activated" if active else "user.deactivated", user, actor=actor,
                     summary=user.email, before={"active": not active}, after={"active": active})


def create_user(*, email: str, display_name: str, password: str, roles: set[str],
                confirmed: bool = True, actor: User | None = None) -> User:
    """Create an account directly (CLI, admins): no confirmation mail is needed."""
    email = normalise_email(email)
    if find_user_by_email(email):
        raise AccountError(_("Zu dieser E-Mail-Adresse gibt es schon ein Konto."))
    user = User(email=email, display_name=display_name, language="de",
                email_confirmed_at=utcnow() if confirmed else None)
    user.set_password(password)
    db.session.add(user)
    user.role_rows.extend(UserRole(role=r) for r in sorted(set(roles) | {"participant"}))
    db.session.flush()
    audit.record("user.created", user, actor=actor, summary=email,
                 after={"roles": sorted(user.roles)})
    return user


def search_users(q: str | None, role: str | None):
    query = select(User).options(selectinload(User.role_rows)).order_by(User.display_name)
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(func.lower(User.email).like(like)
                            | func.lower(User.display_name).like(like))
    if role:
        query = query.where(User.role_rows.any(UserRole.role == role))
    return query


# --- organisations ----------------------------------------------------------------------------

ORGANISATION_FIELDS = ["name", "kind", "description", "place", "website"]


def _name_taken(name: str, exclude_id: int | None = None) -> bool:
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.strip().lower())
    if exclude_id:
        query = query.where(Organisation.id != exclude_id)
    return db.session.scalar(query) is not None


def create_organisation(*, creator: User, name: str, kind: str, description: str = "",
                        place: str = "", website: str = "") -> Organisation:
    """The creator becomes its first member and representative; staff still verify it."""
    if _name_taken(name):
        raise AccountError(_("Eine Organisation mit diesem Namen gibt es schon. Bitten Sie "
                             "stattdessen um Aufnahme."))
    organisation = Organisation(name=name.strip(), kind=kind, description=description,
                                description_html=render_markdown(description, "basic"),
                                place=place.strip(), website=website.strip(),
                                created_by_id=creator.id)
    db.session.add(organisation)
    db.session.flush()
    membership = Membership(user=creator, organisation=organisation, status=Membership.ACTIVE,
                            is_representative=True, decided_at=utcnow(), decided_by_id=creator.id)
    db.session.add(membership)
    audit.record("organisation.created", organisation, actor=creator, summary=organisation.name)
    notify_staff_of_new_organisation(organisation)
    return organisation


def notify_staff_of_new_organisation(organisation: Organisation) -> None:
    staff = db.session.scalars(
        select(User).where(User.role_rows.any(UserRole.role.in_(["moderator", "admin"])),
                           User.active.is_(True), User.deleted_at.is_(None))
    )
    link = absolute_url("admin.organisation", organisation_id=organisation.id)
    for member in staff:
        queue_mail(member.email, "organisation_created", "organisation_created",
                   locale=member.language, user=member, organisation=organisation, link=link)


def update_organisation(organisation: Organisation, values: dict, *, actor: User) -> None:
    if "name" in values and _name_taken(values["name"], exclude_id=organisation.id):
        raise AccountError(_("Eine Organisation mit diesem Namen gibt es schon."))
    before, after = audit.changes(organisation, ORGANISATION_FIELDS, values)
    for field in ORGANISATION_FIELDS:
        if field in values:
            setattr(organisation, field, values[field])
    organisation.description_html = render_markdown(organisation.description, "basic")
    if after:
        audit.record("organisation.updated", organisation, actor=actor, summary=organisation.name,
                     before=before, after=after)


def verify_organisation(organisation: Organisation, verified: bool, *, actor: User) -> None:
    if organisation.is_verified == verified:
        return
    organisation.verified_at = utcnow() if verified else None
    organisation.verified_by_id = actor.id if verified else None
    audit.record("organisation.verified" if verified else "organisation.unverified",
                 organisation, actor=actor, summary=organisation.name,
                 before={"verified": not verified}, after={"verified": verified})


def request_membership(user: User, organisation: Organisation, message: str = "") -> Membership:
    membership = db.session.scalar(
        select(Membership).where(Membership.user_id == user.id,
                                 Membership.organisation_id == organisation.id)
    )
    if membership is not None and membership.is_open:
        raise AccountError(_("Sie sind schon Mitglied oder haben bereits angefragt."))
    if membership is None:
        membership = Membership(user=user, organisation=organisation)
        db.session.add(membership)
    membership.status = Membership.REQUESTED
    membership.is_representative = False
    membership.message = message.strip()
    membership.requested_at = utcnow()
    membership.decided_at = membership.decided_by_id = None
    db.session.flush()
    audit.record("membership.requested", membership, actor=user,
                 summary=f"{user.display_name} → {organisation.name}")
    for representative in organisation.representatives:
        link = absolute_url("organisations.show", organisation_id=organisation.id)
        queue_mail(representative.email, "membership_requested", "membership_requested",
                   locale=representative.language, user=representative, requester=user,
                   organisation=organisation, link=link)
    return membership


def decide_membership(membership: Membership, accept: bool, *, actor: User) -> None:
    if membership.status != Membership.REQUESTED:
        raise AccountError(_("Über diese Anfrage wurde schon entschieden."))
    membership.status = Membership.ACTIVE if accept else Membership.DECLINED
    membership.decided_at = utcnow()
    membership.decided_by_id = actor.id
    audit.record("membership.accepted" if accept else "membership.declined", membership,
                 actor=actor,
                 summary=f"{membership.user.display_name} → {membership.organisation.name}")
    queue_mail(membership.user.email, "membership_decided", "membership_decided",
               locale=membership.user.language, user=membership.user, membership=membership,
               accepted=accept)


def set_representative(membership: Membership, representative: bool, *, actor: User) -> None:
    if not membership.is_active:
        raise AccountError(_("Nur aktive Mitglieder können die Organisation vertreten."))
    if membership.is_representative == representative:
        return
    membership.is_representative = representative
    audit.record("membership.representative_set" if representative
                 else "membership.representative_unset", membership, actor=actor,
                 summary=f"{membership.user.display_name} → {membership.organisation.name}",
                 before={"is_representative": not representative},
                 after={"is_representative": representative})


def end_membership(membership: Membership, *, actor: User) -> None:
    if membership.status == Membership.ENDED:
        return
    before = membership.status
    membership.status = Membership.ENDED
    membership.is_representative = False
    membership.decided_at = utcnow()
    membership.decided_by_id = actor.id
    audit.record("membership.ended", membership, actor=actor,
                 summary=f"{membership.user.display_name} → {membership.organisation.name}",
                 before={"status": before}, after={"status": Membership.ENDED})

