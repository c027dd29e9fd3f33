"""The one place that decides who may do what (DESIGN.md, "Permissions").

Rules are small named predicates over (user, object). Use cases ask `can(action, obj,
user=...)` with the user they act for; views ask `may(...)` for the current user and refuse with
`require(...)` (or a blueprint-wide `guard_blueprint(...)`); templates call `can(...)` and
`why_not(...)` for the current user. Where a rule has a list counterpart, a query scope sits
beside the predicate (`visible_contributions`, `listed_versions`), so that a list shows what
the predicate lets the user see one by one. Core imports no domain module: scopes take the
model to filter.
"""

from collections.abc import Callable

from flask import abort, request
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin, current_user
from sqlalchemy import or_, true

from app.core.time import as_utc

MODERATOR, STEERING, ADMIN, PARTICIPANT = "moderator", "steering", "admin", "participant"


# --- predicates -------------------------------------------------------------------------------

def is_authenticated(user, obj=None) -> bool:
    return bool(user and user.is_authenticated)


def has_role(*roles: str) -> Callable:
    def predicate(user, obj=None) -> bool:
        return is_authenticated(user) and any(user.has_role(r) for r in roles)

    predicate.__name__ = "has_role_" + "_".join(roles)
    return predicate


is_admin = has_role(ADMIN)
# The county's office: moderators and administrators (the participation report does not count
# their comments as participation).
STAFF_ROLES = (MODERATOR, ADMIN)
is_staff = has_role(*STAFF_ROLES)
is_steering = has_role(STEERING)
# Those who read what is not public yet: the unpublished draft, internal versions, photos.
is_staff_or_steering = has_role(MODERATOR, STEERING, ADMIN)


def is_representative_of(user, organisation) -> bool:
    return is_authenticated(user) and organisation is not None and any(
        m.organisation_id == organisation.id and m.is_active and m.is_representative
        for m in user.memberships
    )


def is_member_of(user, organisation) -> bool:
    return is_authenticated(user) and organisation is not None and any(
        m.organisation_id == organisation.id and m.is_active for m in user.memberships
    )


def any_of(*predicates: Callable) -> Callable:
    def predicate(user, obj=None) -> bool:
        return any(p(user, obj) for p in predicates)

    return predicate


def is_confirmed(user, obj=None) -> bool:
    return is_authenticated(user) and user.is_confirmed


# --- rounds and contributions: the round's phase switches actions on and off -------------------

def _may_take_part(user, round_) -> bool:
    """Logged in with a confirmed address, the round open and the user in its audience."""
    return is_confirmed(user) and round_ is not None and round_.is_open and round_.invites(user)


def _can_view_round(user, round_) -> bool:
    return round_ is not None and (
        round_.audience == "all" or is_staff_or_steering(user)
        or round_.invites(user))


def _is_author(user, contribution) -> bool:
    return is_authenticated(user) and contribution is not None and (
        contribution.author_id == user.id)


# Published, hidden (shown as a placeholder) and withdrawn contributions are public; pending
# ones (waiting for approval) only their author and staff see. The predicate for one
# contribution and the scope for a query of them are written here, side by side, from these.
PUBLIC_STATUSES = ("published", "hidden", "withdrawn")
_sees_every_contribution = is_staff


def _can_view_contribution(user, contribution) -> bool:
    if contribution is None or not _can_view_round(user, contribution.round):
        return False
    return (_sees_every_contribution(user) or contribution.status in PUBLIC_STATUSES
            or _is_author(user, contribution))


def visible_contributions(user, model):
    """The query counterpart of rule "contribution.view" (its status part): a condition on
    `model` (the Contribution model, passed in because core imports no module) that matches
    the contributions `user` may see. The round's audience is the caller's part: a round page
    has checked "round.view"; lists across rounds leave out the rounds the user may not see."""
    user = _user(user)
    if _sees_every_contribution(user):
        return true()
    condition = model.status.in_(PUBLIC_STATUSES)
    if is_authenticated(user):
        condition = or_(condition, model.author_id == user.id)
    return condition


def _can_edit_contribution(user, contribution) -> bool:
    if contribution is None or contribution.status == "withdrawn":
        return False
    if is_staff(user):
        return True  # with a note, whatever the phase (DESIGN.md)
    return (_is_author(user, contribution) and contribution.round.is_open
            and contribution.status in ("published", "pending"))


def _can_withdraw(user, contribution) -> bool:
    return (_is_author(user, contribution) and contribution.round.is_open
            and contribution.status in ("published", "pending"))


def _can_respond(user, contribution) -> bool:
    """Comment on or reply within a contribution: published and the round open."""
    return (contribution is not None and contribution.status == "published"
            and _may_take_part(user, contribution.round))


def _can_support(user, contribution) -> bool:
    return _can_respond(user, contribution) and not _is_author(user, contribution)


def _can_contribute_for(user, organisation) -> bool:
    return (organisation is not None and organisation.is_verified
            and is_representative_of(user, organisation))


def _can_join(user, organisation) -> bool:
    return is_authenticated(user) and organisation is not None and not any(
        m.organisation_id == organisation.id and m.is_open for m in user.memberships
    )


def _can_read_draft(user, concept) -> bool:
    """The draft is public once published; before, staff and the steering group read it."""
    return concept is not None and (concept.draft_published
                                    or is_staff_or_steering(user))


def _can_read_version(user, version) -> bool:
    """Published versions are public; internal ones (e.g. under review) are for staff, the
    steering group and the partners invited to a network round on that version."""
    if version is None:
        return False
    if version.visibility == "published" or is_staff_or_steering(user):
        return True
    return is_authenticated(user) and any(r.invites(user) for r in version.rounds)


def listed_versions(user, model):
    """The query counterpart of rule "version.read" for lists of versions: a condition on
    `model` (the Version model). Published versions for everyone, every version for staff and
    the steering group; a partner reaches an internal version through their round's link
    only (lists do not offer it)."""
    return true() if is_staff_or_steering(_user(user)) else model.visibility == "published"


def _is_recipient(user, message) -> bool:
    return is_authenticated(user) and message is not None and message.user_id == user.id


def _can_vote(user, review) -> bool:
    return is_steering(user) and review is not None and review.is_open


# --- rules: action name -> predicate ---------------------------------------------------------

RULES: dict[str, Callable] = {
    # accounts and organisations
    "organisation.create": is_authenticated,
    "organisation.join": _can_join,
    "organisation.verify": is_staff,
    "organisation.set_representative": is_staff,
    "organisation.decide_membership": any_of(is_staff, is_representative_of),
    "organisation.edit": any_of(is_admin, is_representative_of),
    "organisation.see_members": any_of(is_staff, is_member_of),
    # administration
    "admin.access": any_of(is_staff),
    "admin.users": is_admin,
    "admin.organisations": is_staff,
    "admin.audit": is_admin,
    "admin.jobs": is_admin,  # background jobs: their state, and starting a failed one again
    "concept.manage": is_staff,  # topics, chapters, timeline
    "outbox.read": is_staff,  # only where OUTBOX_UI is on (development only by default)
    # reset and confirmation links in a mail: for nobody but the person they were sent to
    "outbox.read_secrets": _is_recipient,
    # rounds, networks
    "round.manage": is_staff,
    # a round for the integration conference on an adopted version (obj: the adoption)
    "round.open_conference": is_staff,
    "round.view": _can_view_round,
    "network.manage": is_staff,
    # contributions, comments, supports, flags
    "contribution.create": _may_take_part,
    "contribution.view": _can_view_contribution,
    "contribution.edit": _can_edit_contribution,
    "contribution.withdraw": _can_withdraw,
    "contribution.on_behalf": _can_contribute_for,
    "contribution.comment": _can_respond,
    "contribution.support": _can_support,
    "content.flag": is_confirmed,
    # moderation
    "moderate": is_staff,
    # offline events: manage events and stations, capture cards, see the photos of cards
    "event.manage": is_staff,
    "event.capture": is_staff,
    "event.photo": is_staff_or_steering,
    # reading the draft: public once published, before for staff and the steering group
    "concept.read_draft": _can_read_draft,
    # consolidation: items, provenance links, outcomes
    "workbench.consolidate": is_staff,
    # versions: freeze, publish, open reviews, answer remarks, record adoption (staff);
    # read internal versions and reviews (staff and steering); vote (steering only)
    "version.manage": is_staff,
    "version.read": _can_read_version,
    "version.see_internal": is_staff_or_steering,
    # compare a version with the working draft (obj: the concept): even a published draft is
    # compared only by those who work on it
    "version.compare_draft": lambda user, concept=None: (
        is_staff_or_steering(user) and _can_read_draft(user, concept)),
    "review.vote": _can_vote,
    # exports with personal data (all contributions of a round with their authors)
    "export.contributions": is_staff,
    # the participation report: public for the whole concept and every round one may see;
    # staff see a little more (per station, who set how many outcomes) and introduce it
    "report.staff_figures": is_staff,
    "report.introduce": is_staff,
    # implementation after adoption: the overview and the measures are public once an adopted
    # version is published (obj: that version); staff keep the records; the active
    # representatives of an organisation named responsible for a measure (obj: its record or
    # state, with `organisations`) post progress entries; confirmed users follow measures
    "implementation.view": lambda user, version=None: is_staff(user) or bool(
        version is not None and version.is_published and version.is_adopted),
    "implementation.edit": is_staff,
    "implementation.report_progress": lambda user, measure=None: is_staff(user) or bool(
        measure is not None and any(is_representative_of(user, organisation)
                                    for organisation in measure.organisations)),
    "implementation.follow": is_confirmed,
    # the yearly progress report: staff make it; it is public once its adopted version is
    # (obj: the report, its version loaded)
    "implementation.create_report": is_staff,
    "implementation.view_report": lambda user, report=None: is_staff(user) or bool(
        report is not None and report.version.is_published),
}


def listed_progress_reports(user, version_model):
    """The query counterpart of rule "implementation.view_report": a condition on the
    reports' versions (`version_model`, joined by the caller)."""
    return true() if is_staff(_user(user)) else version_model.visibility == "published"


_ANONYMOUS = AnonymousUserMixin()


def _user(user):
    """`None` stands for nobody logged in (never for the current user)."""
    return _ANONYMOUS if user is None else user


def can(action: str, obj=None, *, user) -> bool:
    """True if `user` may do `action` on `obj`. The user is always named: use cases pass the
    actor, views `current_user`; `None` means an anonymous visitor."""
    try:
        rule = RULES[action]
    except KeyError:
        raise KeyError(f"No permission rule named {action!r}") from None
    return bool(rule(_user(user), obj))


def may(action: str, obj=None) -> bool:
    """For views and templates: `can` for the current user (the request's). Use cases never
    call it; they are given their user."""
    return can(action, obj, user=current_user)


def require(action: str, obj=None) -> None:
    """For views: abort with 401 (not logged in) or 403 unless the current user may do
    `action` on `obj`."""
    if may(action, obj):
        return
    if not current_user.is_authenticated:
        abort(401)
    abort(403)


def guard_blueprint(blueprint, action: str, *, public: tuple[str, ...] = ()) -> None:
    """Require `action` (401/403 as `require`) before every view of `blueprint`, except the
    endpoints named in `public` (view function names, e.g. "log")."""
    exempt = {f"{blueprint.name}.{name}" for name in public}

    @blueprint.before_request
    def _guard():
        if request.endpoint not in exempt:
            require(action)


# --- why not: the one explanation of a refusal ------------------------------------------------

def _when(value) -> str:
    """Date and time in the site's time zone, e.g. "31.12.2026, 23:59 Uhr"."""
    value = as_utc(value)
    return _("%(date)s, %(time)s Uhr", date=format_date(value), time=format_datetime(
        value, "HH:mm"))


class Explanation(str):
    """Why an action is refused, in the reader's language; `reason` is a code pages use to
    offer the way out (e.g. "login": a link to the login page)."""

    reason: str

    def __new__(cls, text: str, reason: str):
        explanation = super().__new__(cls, text)
        explanation.reason = reason
        return explanation


def _why_not_contribute(user, round_):
    phase = round_.phase()
    if phase == "upcoming":
        return "upcoming", _("Diese Runde öffnet am %(when)s. Sie hat noch nicht begonnen; ab "
                             "dann können Sie hier Beiträge schreiben.",
                             when=_when(round_.opens_at))
    if phase == "closed":
        return "closed", _("Diese Runde ist seit %(when)s abgeschlossen; die Sammlung neuer "
                           "Beiträge ist abgeschlossen. Sie können die Beiträge weiter lesen "
                           "und bei jedem sehen, was aus ihm geworden ist.",
                           when=_when(round_.closes_at))
    if not is_authenticated(user):
        return "login", _("Um einen Beitrag zu schreiben, melden Sie sich bitte an. Wenn Sie "
                          "noch kein Konto haben, können Sie kostenlos eines anlegen.")
    if not user.is_confirmed:
        return "confirm", _("Bevor Sie einen Beitrag schreiben können, bestätigen Sie bitte "
                            "Ihre E-Mail-Adresse mit dem Link, den wir Ihnen geschickt haben.")
    if not round_.invites(user):
        return "not_invited", _("An dieser Runde nehmen nur eingeladene Netzwerke und "
                                "Organisationen teil. Sie können die Beiträge lesen, aber keine "
                                "eigenen schreiben.")
    return "not_allowed", _("Sie können in dieser Runde keine Beiträge schreiben.")


def _why_not_respond(user, contribution, *, comment: bool):
    """Comments and supports: published contributions in an open round only. Only the two
    refusals a reader can do something about (or should know of) are explained."""
    if contribution is None or contribution.status != "published":
        return None
    if not contribution.round.is_open:
        return ("closed", _("Die Beteiligungsrunde ist nicht offen; Kommentare sind nur "
                            "während der Runde möglich.")) if comment else None
    if not is_authenticated(user):
        return "login", (_("Melden Sie sich an, um zu kommentieren.") if comment
                         else _("Melden Sie sich an, um diesen Beitrag zu unterstützen."))
    return None


EXPLANATIONS: dict[str, Callable] = {
    "contribution.create": _why_not_contribute,
    "contribution.comment": lambda user, c: _why_not_respond(user, c, comment=True),
    "contribution.support": lambda user, c: _why_not_respond(user, c, comment=False),
}


def why_not(action: str, obj=None, *, user) -> Explanation | None:
    """Why `user` may not do `action` on `obj`, in words for them; None if they may, or if
    the refusal needs no words on the page (actions without an entry in EXPLANATIONS)."""
    if can(action, obj, user=user):
        return None
    explain = EXPLANATIONS.get(action)
    found = explain(_user(user), obj) if explain is not None else None
    return Explanation(found[1], found[0]) if found else None
