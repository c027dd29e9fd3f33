"""The one place that decides who may do what (DESIGN.md, "Permissions").

Rules are small named predicates over (user, object). Views call `require(...)` or `can(...)`;
templates call the same `can(...)`. Later modules register their rules here too.
"""

from collections.abc import Callable

from flask import abort
from flask_login import current_user

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
is_staff = has_role(MODERATOR, ADMIN)
is_steering = has_role(STEERING)


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
        round_.audience == "all" or has_role(MODERATOR, STEERING, ADMIN)(user)
        or round_.invites(user))


def _is_author(user, contribution) -> bool:
    return is_authenticated(user) and contribution is not None and (
        contribution.author_id == user.id)


def _can_view_contribution(user, contribution) -> bool:
    """Published, hidden (shown as a placeholder) and withdrawn contributions are public;
    pending ones only to their author and staff."""
    if contribution is None or not _can_view_round(user, contribution.round):
        return False
    if contribution.status == "pending":
        return _is_author(user, contribution) or is_staff(user)
    return True


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
                                    or has_role(MODERATOR, STEERING, ADMIN)(user))


def _can_read_version(user, version) -> bool:
    """Published versions are public; internal ones (e.g. under review) are for staff, the
    steering group and the partners invited to a network round on that version."""
    if version is None:
        return False
    if version.visibility == "published" or has_role(MODERATOR, STEERING, ADMIN)(user):
        return True
    return is_authenticated(user) and any(r.invites(user) for r in version.rounds)


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
    "concept.manage": is_staff,  # topics, chapters, timeline
    "outbox.read": is_staff,  # only where OUTBOX_UI is on (development only by default)
    # reset and confirmation links in a mail: for nobody but the person they were sent to
    "outbox.read_secrets": _is_recipient,
    # rounds, networks
    "round.manage": is_staff,
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
    "event.photo": has_role(MODERATOR, STEERING, ADMIN),
    # reading the draft (later: unpublished draft and versions under review)
    "concept.see_draft": has_role(MODERATOR, STEERING, ADMIN),
    "concept.read_draft": _can_read_draft,
    # consolidation: items, provenance links, outcomes
    "workbench.consolidate": is_staff,
    # versions: freeze, publish, open reviews, answer remarks, record adoption (staff);
    # read internal versions and reviews (staff and steering); vote (steering only)
    "version.manage": is_staff,
    "version.read": _can_read_version,
    "version.see_internal": has_role(MODERATOR, STEERING, ADMIN),
    "review.vote": _can_vote,
    # exports with personal data (all contributions of a round with their authors)
    "export.contributions": is_staff,
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
}


def can(action: str, obj=None, user=None) -> bool:
    """True if `user` (default: the current user) may do `action` on `obj`."""
    if user is None:
        user = current_user
    try:
        rule = RULES[action]
    except KeyError:
        raise KeyError(f"No permission rule named {action!r}") from None
    return bool(rule(user, obj))


def require(action: str, obj=None) -> None:
    """Abort with 401/403 unless the current user may do `action`."""
    if can(action, obj):
        return
    if not current_user.is_authenticated:
        abort(401)
    abort(403)
