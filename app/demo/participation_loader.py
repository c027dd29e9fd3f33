"""Loading the participation of the demo (participation.py): people, a network, rounds,
contributions, comments, supports and flags. Idempotent like the rest of the loader."""

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import Membership, Organisation, User, UserRole
from app.concepts.models import Concept
from app.contributions.models import Comment, Contribution, Flag, Support
from app.contributions.services import taking_part
from app.core import audit
from app.core.sanitize import render_markdown
from app.core.time import as_utc, utcnow
from app.demo import data, participation
from app.extensions import db
from app.moderation.models import ModerationDecision
from app.rounds.models import Network, Round


def demo_email(local_part: str) -> str:
    return f"{local_part}@example.org"


def load_participation(concept: Concept, organisations: list[Organisation], *,
                       now: datetime | None = None) -> dict:
    """Add the participation content of participation.py; returns counts of what was added."""
    now = now or utcnow()
    added = dict.fromkeys(("users", "networks", "rounds", "contributions", "comments",
                           "supports", "flags"), 0)
    people = _load_people(organisations, added)
    network = _load_network(organisations, people, added)
    rounds = _load_rounds(concept, network, people["moderation"], now, added)
    contributions = _load_contributions(concept, rounds, people, now, added)
    comments = _load_comments(contributions, people, now, added)
    _load_supports(contributions, people, now, added)
    _load_flags(contributions, comments, people, now, added)
    db.session.flush()
    return added


def _load_people(organisations, added) -> dict[str, User]:
    """The demo participants, plus the accounts of data.ACCOUNTS, by the local part of their
    e-mail address."""
    for local_part, display_name, group, language, organisation_index in (
            participation.PARTICIPANTS):
        user = accounts.find_user_by_email(demo_email(local_part))
        if user is None:
            user = User(email=demo_email(local_part), display_name=display_name, group=group,
                        language=language, email_confirmed_at=utcnow(),
                        privacy_accepted_at=utcnow())
            user.set_password(data.DEMO_PASSWORD)
            user.role_rows.append(UserRole(role="participant"))
            db.session.add(user)
            added["users"] += 1
            if organisation_index is not None:
                db.session.add(Membership(user=user,
                                          organisation=organisations[organisation_index],
                                          status=Membership.ACTIVE, is_representative=True,
                                          decided_at=utcnow()))
    db.session.flush()
    emails = [a[0] for a in data.ACCOUNTS] + [demo_email(p[0]) for p in participation.PARTICIPANTS]
    users = db.session.scalars(select(User).where(User.email.in_(emails)))
    return {user.email.split("@")[0]: user for user in users}


def _load_network(organisations, people, added) -> Network:
    spec = participation.NETWORK
    network = db.session.scalar(select(Network).where(Network.name == spec["name"]))
    if network is None:
        network = Network(name=spec["name"], description=spec["description"])
        network.organisations = [organisations[i] for i in spec["organisations"]]
        network.users = [people[p] for p in spec["users"]]
        db.session.add(network)
        added["networks"] += 1
    return network


def _load_rounds(concept, network, moderator, now, added) -> dict[str, Round]:
    rounds = {}
    for key, spec in participation.ROUNDS.items():
        round_ = db.session.scalar(select(Round).where(Round.concept_id == concept.id,
                                                       Round.title == spec["title"]))
        if round_ is None:
            topics = [t for t in concept.topics
                      if spec["topics"] == "all" or t.slug in spec["topics"]]
            round_ = Round(concept=concept, title=spec["title"], kind=spec["kind"],
                           description=spec["description"],
                           description_html=render_markdown(spec["description"]),
                           opens_at=now + timedelta(days=spec["opens_in_days"]),
                           closes_at=now + timedelta(days=spec["closes_in_days"]),
                           audience=spec["audience"], accepted_kinds=spec["accepted_kinds"],
                           publish_immediately=spec["publish_immediately"],
                           created_by_id=moderator.id,
                           created_at=now + timedelta(days=spec["opens_in_days"] - 5))
            round_.topics = topics
            if spec.get("network"):
                round_.networks = [network]
            db.session.add(round_)
            added["rounds"] += 1
        rounds[key] = round_
    db.session.flush()
    return rounds


def _active_until(round_: Round, now: datetime) -> datetime:
    """The end of the time in which a round has had activity so far."""
    return min(as_utc(round_.closes_at), now)


def _creation_times(rounds, now) -> dict[str, datetime]:
    """When each demo contribution was written: spread over the first four fifths of its
    round's active time, in a shuffled (but fixed) order so that topics and kinds mix."""
    times = {}
    for key, round_ in rounds.items():
        specs = [c["key"] for c in participation.CONTRIBUTIONS if c["round"] == key]
        random.Random(key).shuffle(specs)
        start = as_utc(round_.opens_at)
        span = (_active_until(round_, now) - start) * 0.8
        for position, contribution_key in enumerate(specs):
            times[contribution_key] = start + span * (position + 0.5) / len(specs)
    return times


def _load_contributions(concept, rounds, people, now, added) -> dict[str, Contribution]:
    topics = {t.slug: t for t in concept.topics}
    round_ids = [r.id for r in rounds.values()]
    existing = {(c.round_id, c.title): c for c in db.session.scalars(
        select(Contribution).where(Contribution.round_id.in_(round_ids)))}
    times = _creation_times(rounds, now)
    moderator = people["moderation"]
    contributions, hidden = {}, []
    for spec in participation.CONTRIBUTIONS:
        round_ = rounds[spec["round"]]
        contribution = existing.get((round_.id, spec["title"]))
        if contribution is None:
            author = people[spec["author"]]
            created_at = times[spec["key"]]
            organisation = None
            if spec.get("on_behalf"):
                organisation = next((m.organisation for m in author.active_memberships
                                     if m.is_representative), None)
            contribution = Contribution(
                round=round_, topic=topics[spec["topic"]], kind=spec["kind"],
                title=spec["title"], body=spec["body"], body_html=render_markdown(spec["body"]),
                language=spec.get("language", "de"), author=author, organisation=organisation,
                source="online", status=spec.get("status", "published"),
                themes=[topics[slug] for slug in spec.get("themes", ())],
                created_at=created_at, updated_at=created_at, **taking_part(author))
            if contribution.status == "withdrawn":
                contribution.updated_at = created_at + timedelta(days=2)
            if contribution.status == "hidden":
                contribution.hidden_reason = spec["hidden_reason"]
                contribution.hidden_at = created_at + timedelta(hours=20)
                hidden.append(contribution)
            db.session.add(contribution)
            added["contributions"] += 1
        contributions[spec["key"]] = contribution
    db.session.flush()
    for contribution in hidden:
        _record_hiding(contribution, None, moderator)
    return contributions


def _record_hiding(contribution: Contribution, comment: Comment | None, moderator) -> None:
    """What moderation would have written when it hid the demo's hidden content."""
    hidden = comment or contribution
    db.session.add(ModerationDecision(action="hidden", contribution_id=contribution.id,
                                      comment_id=comment.id if comment else None,
                                      reason=hidden.hidden_reason, moderator_id=moderator.id,
                                      created_at=hidden.hidden_at))
    entry = audit.record("comment.hidden" if comment else "contribution.hidden", hidden,
                         actor=moderator,
                         summary=(f"Kommentar zu {contribution.reference}" if comment
                                  else contribution.reference),
                         before={"status": "published"},
                         after={"status": "hidden", "hidden_reason": hidden.hidden_reason})
    entry.created_at = hidden.hidden_at


def _load_comments(contributions, people, now, added) -> dict[str, Comment]:
    """Comments in the order of participation.py; a reply comes after its parent."""
    ids = [c.id for c in contributions.values()]
    existing = {(c.contribution_id, c.author_id, c.body): c for c in db.session.scalars(
        select(Comment).where(Comment.contribution_id.in_(ids)))}
    comments, hidden, per_contribution = {}, [], {}
    for spec in participation.COMMENTS:
        contribution = contributions[spec["on"]]
        author = people[spec["author"]]
        position = per_contribution[spec["on"]] = per_contribution.get(spec["on"], 0) + 1
        comment = existing.get((contribution.id, author.id, spec["body"]))
        if comment is None:
            end = _active_until(contribution.round, now) - timedelta(minutes=5)
            created_at = min(as_utc(contribution.created_at) + timedelta(hours=5 * position),
                             end)
            comment = Comment(contribution=contribution, author=author, body=spec["body"],
                              body_html=render_markdown(spec["body"], "basic"),
                              parent=comments[spec["parent"]] if spec["parent"] else None,
                              created_at=created_at, updated_at=created_at,
                              **taking_part(author))
            if spec.get("hidden_reason"):
                comment.status, comment.hidden_reason = "hidden", spec["hidden_reason"]
                comment.hidden_at = min(created_at + timedelta(hours=3), end)
                hidden.append(comment)
            db.session.add(comment)
            added["comments"] += 1
        comments[spec["key"]] = comment
    db.session.flush()
    for comment in hidden:
        _record_hiding(comment.contribution, comment, people["moderation"])
    return comments


def _load_supports(contributions, people, now, added) -> None:
    """`supports` people support each contribution: taken in turn from SUPPORTERS, starting at
    a different person for each contribution, never the author, only people the round
    invites."""
    ids = [c.id for c in contributions.values()]
    existing = {(row.contribution_id, row.user_id) for row in db.session.execute(
        select(Support.contribution_id, Support.user_id).where(
            Support.contribution_id.in_(ids)))}
    supporters = [people[p] for p in participation.SUPPORTERS]
    for index, spec in enumerate(participation.CONTRIBUTIONS):
        contribution = contributions[spec["key"]]
        round_ = contribution.round
        candidates = [supporters[(index * 3 + i) % len(supporters)]
                      for i in range(len(supporters))]
        candidates = [u for u in candidates
                      if u.id != contribution.author_id and round_.invites(u)]
        end = _active_until(round_, now) - timedelta(minutes=1)
        for position, user in enumerate(candidates[:spec.get("supports", 0)], start=1):
            if (contribution.id, user.id) in existing:
                continue
            created_at = min(as_utc(contribution.created_at) + timedelta(hours=7 * position),
                             end)
            db.session.add(Support(contribution_id=contribution.id, user_id=user.id,
                                   created_at=created_at, **taking_part(user)))
            added["supports"] += 1


def _load_flags(contributions, comments, people, now, added) -> None:
    for reporter_key, contribution_key, comment_key, reason in participation.FLAGS:
        reporter = people[reporter_key]
        contribution = contributions[contribution_key]
        comment = comments[comment_key] if comment_key else None
        query = select(Flag.id).where(Flag.reporter_id == reporter.id,
                                      Flag.contribution_id == contribution.id)
        if db.session.scalar(query) is not None:
            continue
        target = comment or contribution
        db.session.add(Flag(contribution_id=contribution.id,
                            comment_id=comment.id if comment else None,
                            reporter_id=reporter.id, reason=reason,
                            created_at=min(as_utc(target.created_at) + timedelta(hours=2),
                                           now)))
        added["flags"] += 1
