"""Use cases of rounds and networks: list what a person may see, save rounds and networks,
invite networks and organisations. They flush but never commit."""

from collections.abc import Callable
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from app.accounts.models import Membership, Organisation, User
from app.concepts.models import Concept
from app.core import audit
from app.core import translations as content_translations
from app.core.actions import Refusal, check_lock
from app.core.hooks import Hook
from app.core.inputs import search_text
from app.core.permissions import can
from app.core.sanitize import render_markdown
from app.core.time import as_utc, utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import notify, register_translated_param
from app.rounds.models import (
    AUDIENCES,
    CONTRIBUTION_KINDS,
    ROUND_KINDS,
    Network,
    Round,
    network_users,
)
from app.rounds.queries import audience_loads

# How the audit log names rounds and their fields (as the round form does).
audit.describe(Round.__tablename__, label=_l("Beteiligungsrunde"),
               fields={"opens_at": _l("Beginn"), "closes_at": _l("Ende"),
                       "audience": _l("Wer mitmachen kann"),
                       "accepted_kinds": _l("Arten von Beiträgen"),
                       "publish_immediately": _l("Beiträge erscheinen sofort"),
                       "topics": _l("Themen"), "networks": _l("Netzwerke"),
                       "organisations": _l("Organisationen"), "version_id": _l("Fassung"),
                       "adoption_id": _l("Beschluss"), "kind": _l("Art der Runde")},
               values={"kind": ROUND_KINDS, "audience": AUDIENCES,
                       "accepted_kinds": CONTRIBUTION_KINDS},
               references={"version_id": "versions"})
audit.describe_actions({"round.created": _l("Runde angelegt"),
                        "round.updated": _l("Runde geändert"),
                        "round.conference_opened": _l("Runde zur Integrationskonferenz geöffnet"),
                        "network.created": _l("Netzwerk angelegt"),
                        "network.updated": _l("Netzwerk geändert"),
                        "network.member_added": _l("Organisation ins Netzwerk aufgenommen"),
                        "network.member_removed": _l("Organisation aus dem Netzwerk genommen")})
audit.describe("networks", label=_l("Netzwerk"))

# An invitation names the round: in the reader's language where its title is translated.
register_translated_param("invitation", "title", Round.__tablename__, "title")

# The order of the rounds list: what one can take part in now comes first.
PHASE_ORDER = {"open": 0, "upcoming": 1, "closed": 2}


class RoundError(Refusal):
    """A use case refused; the message is shown to the user."""


# --- reading ---------------------------------------------------------------------------------

def _round_loads():
    """Load a round's topics and what `Round.invites` needs (network members and
    organisations): a constant number of queries."""
    return (selectinload(Round.topics), *audience_loads())


def get_round(round_id: int) -> Round | None:
    return db.session.scalar(select(Round).where(Round.id == round_id)
                             .options(*_round_loads()))


def visible_rounds(concept: Concept | None, user, now: datetime | None = None) -> list[Round]:
    """The rounds of `concept` that `user` may see (rule round.view): open ones first, then
    upcoming, then closed; the newest first within each group."""
    if concept is None:
        return []
    now = now or utcnow()
    rounds = db.session.scalars(
        select(Round).where(Round.concept_id == concept.id).options(*_round_loads())
        .order_by(Round.opens_at.desc(), Round.id.desc())
    ).all()
    visible = [r for r in rounds if can("round.view", r, user=user)]
    # sorted() is stable: the newest-first order from the query holds within each phase.
    return sorted(visible, key=lambda r: PHASE_ORDER[r.phase(now)])


# --- the versions a round can ask remarks on ---------------------------------------------------
# Versions sit above rounds, so they register how to list a concept's versions
# (app/versions/services.py) for the round form.

_versions_of = Hook("app.versions", "the versions of a concept")


def register_version_choices(find: Callable) -> None:
    """`find(concept, user=...)` -> the concept's versions `user` may find, newest first."""
    _versions_of.register(find)


def version_choices(concept: Concept, *, user) -> list:
    """The versions a network round of `concept` can collect remarks on, newest first (staff
    fill in the round form, so internal ones are among them)."""
    return _versions_of(concept, user=user)


# --- rounds ----------------------------------------------------------------------------------

ROUND_FIELDS = ["title", "description", "kind", "opens_at", "closes_at", "audience",
                "accepted_kinds", "publish_immediately"]


def _snapshot(round_: Round) -> dict:
    """The round's values as they are compared and written into the audit log."""
    return {
        "title": round_.title,
        "description": _lines(round_.description),
        "kind": round_.kind,
        "opens_at": as_utc(round_.opens_at).isoformat() if round_.opens_at else None,
        "closes_at": as_utc(round_.closes_at).isoformat() if round_.closes_at else None,
        "audience": round_.audience,
        "accepted_kinds": sorted(round_.accepted_kinds or []),
        "publish_immediately": round_.publish_immediately,
        "topics": sorted(t.slug for t in round_.topics),
        "networks": sorted(n.name for n in round_.networks),
        "organisations": sorted(o.name for o in round_.organisations),
        "version_id": round_.version_id,
        "adoption_id": round_.adoption_id,
    }


def _lines(text: str | None) -> str:
    """`text` with its line breaks as "\\n": a browser sends a textarea's as "\\r\\n", so a
    description saved unchanged would differ from one written elsewhere (the demo)."""
    return (text or "").replace("\r\n", "\n")


def _unless_same_minute(new: datetime, old: datetime | None) -> datetime:
    """`new`, or `old` when `new` is `old` to the minute: the form shows and sends whole
    minutes, so a time sent back unchanged keeps the seconds it was stored with (a round made
    elsewhere may have some) and is no change."""
    if old is not None and as_utc(old).replace(second=0, microsecond=0) == new:
        return as_utc(old)
    return new


def save_round(concept: Concept, round_: Round | None, values: dict, *, actor,
               lock_version=None) -> Round:
    """Create (`round_` None) or update a round. `values`: title, description, kind,
    opens_at, closes_at (aware datetimes), audience, accepted_kinds, publish_immediately,
    topics, networks, organisations (objects); optionally translations ({(field, language):
    text} of title and description, core.translations). Invites new audience members."""
    opens_at, closes_at = as_utc(values["opens_at"]), as_utc(values["closes_at"])
    if closes_at <= opens_at:
        raise RoundError(_("Das Ende muss nach dem Beginn liegen."))
    if not values["topics"]:
        raise RoundError(_("Bitte wählen Sie mindestens ein Thema."))
    if not values["accepted_kinds"]:
        raise RoundError(_("Bitte wählen Sie mindestens eine Art von Beiträgen."))
    invited = values["audience"] == "invited"
    networks = list(values.get("networks") or []) if invited else []
    organisations = list(values.get("organisations") or []) if invited else []
    if invited and not networks and not organisations:
        raise RoundError(_("Bitte laden Sie mindestens ein Netzwerk oder eine Organisation "
                           "ein, oder öffnen Sie die Runde für alle."))

    if (round_ is not None and round_.adoption_id is not None and "adoption_id" not in values
            and values.get("version_id", round_.version_id) != round_.version_id):
        raise RoundError(_("Eine Runde zur Integrationskonferenz bleibt bei der beschlossenen "
                           "Fassung, auf der sie eröffnet wurde."))
    if round_ is None:
        round_ = Round(concept=concept, created_by_id=getattr(actor, "id", None))
        db.session.add(round_)
        before, action = {}, "round.created"
    else:
        check_lock(round_, lock_version)
        before, action = _snapshot(round_), "round.updated"
        opens_at = _unless_same_minute(opens_at, round_.opens_at)
        closes_at = _unless_same_minute(closes_at, round_.closes_at)

    round_.title = values["title"].strip()
    round_.description = _lines(values.get("description"))
    round_.description_html = render_markdown(round_.description)
    round_.kind = values["kind"]
    round_.opens_at, round_.closes_at = opens_at, closes_at
    round_.audience = values["audience"]
    round_.accepted_kinds = list(values["accepted_kinds"])
    round_.publish_immediately = bool(values["publish_immediately"])
    round_.topics = sorted(values["topics"], key=lambda t: (t.kind != "field", t.position))
    round_.networks = networks
    round_.organisations = organisations
    if "version_id" in values:
        round_.version_id = values["version_id"]
    if "adoption_id" in values:
        round_.adoption_id = values["adoption_id"]
    db.session.flush()

    after = _snapshot(round_)
    if before:
        changed = [k for k in after if after[k] != before[k]]
        before = {k: before[k] for k in changed}
        after = {k: after[k] for k in changed}
    before, after = content_translations.apply_audited(round_, values.get("translations"),
                                                       before, after)
    if action == "round.updated" and (after or before):
        # A change of topics, invitations or translations alone touches only other tables;
        # the round's row must still get a new lock_version so that a concurrent edit fails.
        flag_modified(round_, "title")
        db.session.flush()
    if after or before:
        audit.record(action, round_, actor=actor, summary=round_.title, before=before,
                     after=after)
    send_invitations(round_)
    return round_


def invitees(round_: Round) -> list[User]:
    """Everyone an invited-only round is addressed to: people in its networks, active members
    of the networks' organisations and of the organisations invited directly."""
    if round_.audience != "invited":
        return []
    network_ids = [n.id for n in round_.networks]
    organisation_ids = {o.id for o in round_.organisations}
    organisation_ids |= {o.id for n in round_.networks for o in n.organisations}
    in_networks = select(network_users.c.user_id).where(network_users.c.network_id.in_(
        network_ids or [-1]))
    in_organisations = select(Membership.user_id).where(
        Membership.organisation_id.in_(organisation_ids or [-1]),
        Membership.status == Membership.ACTIVE)
    return list(db.session.scalars(
        select(User).where(or_(User.id.in_(in_networks), User.id.in_(in_organisations)),
                           User.active.is_(True), User.deleted_at.is_(None))
        .order_by(User.id)
    ))


def send_invitations(round_: Round) -> list[User]:
    """Notify every invitee of `round_` who has not been told about it yet (once per person,
    however often the round or its networks are saved). Closed rounds invite nobody."""
    if round_.audience != "invited" or round_.phase() == "closed":
        return []
    candidates = invitees(round_)
    told = db.session.execute(
        select(Notification.user_id, Notification.endpoint_args)
        .where(Notification.kind == "invitation", Notification.endpoint == "rounds.show",
               Notification.user_id.in_([u.id for u in candidates]))).all()
    already = {user_id for user_id, args in told if (args or {}).get("round_id") == round_.id}
    invited = [u for u in candidates if u.id not in already]
    for user in invited:
        notify(user, "invitation", target=("rounds.show", {"round_id": round_.id}),
               title=round_.title)
    return invited


# --- networks --------------------------------------------------------------------------------

def all_networks() -> list[Network]:
    """Every network with its people and organisations (not their own relationships)."""
    return list(db.session.scalars(
        select(Network).order_by(Network.name).options(
            selectinload(Network.users), selectinload(Network.organisations))))


def _network_snapshot(network: Network) -> dict:
    return {"name": network.name, "description": network.description,
            "organisations": sorted(o.name for o in network.organisations),
            "people": sorted(str(u.id) for u in network.users)}


def _name_taken(name: str, exclude_id: int | None) -> bool:
    query = select(Network.id).where(func.lower(Network.name) == name.strip().lower())
    if exclude_id:
        query = query.where(Network.id != exclude_id)
    return db.session.scalar(query) is not None


def save_network(network: Network | None, values: dict, *, actor) -> Network:
    """Create or update a network. `values`: name, description, organisations (objects) and
    optionally add_users (people to add)."""
    name = values["name"].strip()
    if _name_taken(name, network.id if network else None):
        raise RoundError(_("Ein Netzwerk mit diesem Namen gibt es schon."))
    if network is None:
        network = Network()
        db.session.add(network)
        before, action = {}, "network.created"
    else:
        before, action = _network_snapshot(network), "network.updated"
    network.name = name
    network.description = (values.get("description") or "").strip()
    network.organisations = sorted(values.get("organisations") or [], key=lambda o: o.name)
    for user in values.get("add_users") or []:
        if user not in network.users:
            network.users.append(user)
    db.session.flush()
    after = _network_snapshot(network)
    if before:
        changed = [k for k in after if after[k] != before[k]]
        before = {k: before[k] for k in changed}
        after = {k: after[k] for k in changed}
    if after:
        audit.record(action, network, actor=actor, summary=network.name, before=before,
                     after=after)
    _invite_to_rounds_of(network)
    return network


def add_network_member(network: Network, user: User, *, actor) -> bool:
    """Add a person to a network; False if they were a member already."""
    if user in network.users:
        return False
    network.users.append(user)
    db.session.flush()
    audit.record("network.member_added", network, actor=actor, summary=network.name,
                 after={"user_id": user.id})
    _invite_to_rounds_of(network)
    return True


def remove_network_member(network: Network, user: User, *, actor) -> bool:
    if user not in network.users:
        return False
    network.users.remove(user)
    db.session.flush()
    audit.record("network.member_removed", network, actor=actor, summary=network.name,
                 before={"user_id": user.id})
    return True


def _invite_to_rounds_of(network: Network) -> None:
    """New members of a network that is invited to a round are invited too."""
    rounds = db.session.scalars(
        select(Round).where(Round.audience == "invited", Round.networks.any(Network.id ==
                                                                              network.id))
        .options(*_round_loads()))
    for round_ in rounds:
        send_invitations(round_)


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def users_by_email(emails: list[str]) -> tuple[list[User], list[str]]:
    """The people with these (normalised) addresses, and the addresses nobody has."""
    found = {u.email: u for u in db.session.scalars(
        select(User).where(User.email.in_(emails), User.deleted_at.is_(None)))}
    return [found[e] for e in emails if e in found], [e for e in emails if e not in found]


def find_users(q: str, limit: int = 20) -> list[User]:
    """People whose e-mail address or display name contains `q` (to add them to a network)."""
    q = search_text(q).lower()
    if len(q) < 2:
        return []
    like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list(db.session.scalars(
        select(User).where(or_(func.lower(User.email).like(like, escape="\\"),
                               func.lower(User.display_name).like(like, escape="\\")),
                           User.deleted_at.is_(None))
        .order_by(User.display_name).limit(limit)))

