"""Users with their roles, organisations and who belongs to which organisation."""

import secrets
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.labels import Labels
from app.core.time import utcnow
from app.extensions import db

# The name of a deleted account, shown in each reader's language (see User.display_name).
DELETED_ACCOUNT = _l("Gelöschtes Konto")

ROLES = Labels(participant=_l("Teilnehmende"), moderator=_l("Moderierende"),
               steering=_l("Steuerungsgruppe"), admin=_l("Administration"))

# Self-declared, optional, used only for anonymous statistics in the participation report.
GROUPS = Labels(volunteer=_l("Ehrenamtlich engagiert"),
                migration_history=_l("Person mit Migrationsgeschichte"),
                partner_staff=_l("Mitarbeitende einer Partnerorganisation"),
                municipality=_l("Kommune"), other=_l("Andere"))

ORGANISATION_KINDS = Labels(migrant_organisation=_l("Migrantenorganisation"),
                            volunteer_initiative=_l("Ehrenamtliche Initiative"),
                            partner=_l("Kooperationspartner"), municipality=_l("Kommune"),
                            public_agency=_l("Behörde"))

LANGUAGE_CHOICES = {"de": "Deutsch", "en": "English", "ar": "العربية"}

# User.notify_email: when notifications are also sent by e-mail.
EMAIL_PREFERENCES = Labels(immediately=_l("sofort"),
                           daily=_l("einmal täglich als Zusammenfassung"), never=_l("nie"))


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # The name others see (`display_name`); a deleted account's reads "Gelöschtes Konto" in the
    # reader's language, whatever was stored when it was deleted.
    _display_name: Mapped[str] = mapped_column("display_name", String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(5), default="de")
    group: Mapped[str | None] = mapped_column(String(30))
    # E-mail for notifications: immediately, daily (digest) or never.
    notify_email: Mapped[str] = mapped_column(String(20), default="immediately")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    email_confirmed_at: Mapped[datetime | None]
    privacy_accepted_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    # Deleting an account anonymises it; contributions stay (DESIGN.md invariants).
    deleted_at: Mapped[datetime | None]

    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", order_by=UserRole.role
    )
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", foreign_keys="Membership.user_id"
    )

    # The login this request belongs to (set at login and by the user loader); Flask-Login
    # keeps its token in the session and the remember-me cookie, so ending the login on the
    # server ends both.
    login_token = None

    # Flask-Login's UserMixin compares users by get_id(), which is a login token here (None for
    # users nobody is logged in as); a user is the same user when it is the same row, and the
    # session's identity map keeps one object per row.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    @hybrid_property
    def display_name(self) -> str:
        if self.deleted_at is not None:
            return str(DELETED_ACCOUNT)
        return self._display_name

    @display_name.inplace.setter
    def _set_display_name(self, value: str) -> None:
        self._display_name = value

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):
        return cls._display_name

    # -- login --
    def get_id(self) -> str | None:
        return self.login_token

    @property
    def is_active(self) -> bool:
        return self.active and self.deleted_at is None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"]
        )

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    # -- roles --
    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_rows}

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def active_memberships(self) -> list["Membership"]:
        return [m for m in self.memberships if m.is_active]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class LoginSession(db.Model):
    """One login of a user in one browser: ended at logout, by "log out everywhere", by a
    password change or when the account is locked, and expired after its lifetime."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    memberships: Mapped[list["Membership"]] = relationship(
        # Loaded on demand (or with selectinload in list queries): loading it eagerly would
        # follow members to their organisations to their members, across the whole graph.
        back_populates="organisation", order_by="Membership.requested_at"
    )
    verified_by = relationship("User", foreign_keys=[verified_by_id])

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def kind_label(self) -> str:
        return ORGANISATION_KINDS.label(self.kind)

    @property
    def active_members(self) -> list["Membership"]:
        return [m for m in self.memberships if m.is_active]

    @property
    def pending_requests(self) -> list["Membership"]:
        return [m for m in self.memberships if m.status == Membership.REQUESTED]

    @property
    def representatives(self) -> list["User"]:
        return [m.user for m in self.memberships if m.is_active and m.is_representative]


class Membership(db.Model):
    """A user's request to belong to an organisation, and its answer."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    REQUESTED, ACTIVE, DECLINED, ENDED = "requested", "active", "declined", "ended"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=REQUESTED)
    is_representative: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(
        back_populates="memberships", foreign_keys=[user_id]
    )
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")

    @property
    def is_active(self) -> bool:
        return self.status == self.ACTIVE

    @property
    def is_open(self) -> bool:
        """Requested or active: the user cannot ask to join again."""
        return self.status in (self.REQUESTED, self.ACTIVE)
