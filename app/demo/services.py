"""Loading the demo. Idempotent: what exists (matched by its natural key) is left alone.
Also the synthetic large data for benchmarks (`flask demo generate`)."""

import csv
import io
import os
import random
from contextlib import nullcontext
from datetime import UTC, datetime, time, timedelta

from flask import current_app, has_request_context
from sqlalchemy import insert, select, update
from werkzeug.security import generate_password_hash

from app.accounts import services as accounts
from app.accounts.models import (
    GROUPS,
    Membership,
    Organisation,
    User,
    UserRole,
)
from app.concepts.models import Chapter, Concept, Item, ItemRevision, Milestone, Topic
from app.concepts.services import create_item
from app.concepts.services import items_of as _items_of
from app.contributions.models import Comment, Contribution, Flag, Support, contribution_themes
from app.core import audit, search
from app.core.sanitize import render_markdown
from app.core.spreadsheet import safe_cell
from app.core.time import as_utc, utcnow
from app.demo import data, draft, event_cards, participation, versions
from app.events import importing
from app.events import services as events
from app.events.models import Event, ImportBatch, Station
from app.extensions import db
from app.moderation.models import ModerationDecision
from app.moderation.services import ensure_default_reasons
from app.rounds.models import Network, Round
from app.workbench.models import ItemLink
from app.workbench.services import decide, link_contributions, mark_duplicates


def database_is_empty() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is None and db.session.scalar(
        select(Concept.id).limit(1)) is None


def load_demo() -> dict:
    """Create the Konstanz demo; returns how many objects of each kind were added."""
    added = {"concepts": 0, "topics": 0, "chapters": 0, "milestones": 0, "organisations": 0,
             "users": 0}
    concept = db.session.scalar(select(Concept).where(Concept.slug == data.CONCEPT["slug"]))
    if concept is None:
        concept = Concept(**data.CONCEPT, summary_html=render_markdown(data.CONCEPT["summary"]),
                          draft_published=True)
        db.session.add(concept)
        db.session.flush()
        added["concepts"] += 1

    existing_topics = {t.slug for t in concept.topics}
    for kind, rows in (("field", data.FIELDS), ("crosscutting", data.CROSSCUTTING)):
        for position, (slug, name, description) in enumerate(rows, start=1):
            if slug in existing_topics:
                continue
            db.session.add(Topic(concept=concept, kind=kind, slug=slug, name=name,
                                 description=description, position=position,
                                 description_html=render_markdown(description)))
            added["topics"] += 1

    existing_chapters = {c.slug for c in concept.chapters}
    for position, (slug, title, body) in enumerate(data.CHAPTERS, start=1):
        if slug not in existing_chapters:
            db.session.add(Chapter(concept=concept, slug=slug, title=title, body=body,
                                   body_html=render_markdown(body), position=position))
            added["chapters"] += 1

    existing_milestones = {m.title for m in concept.milestones}
    for position, (title, description, starts_on, ends_on) in enumerate(data.MILESTONES, 1):
        if title not in existing_milestones:
            db.session.add(Milestone(concept=concept, title=title, description=description,
                                     starts_on=starts_on, ends_on=ends_on, position=position))
            added["milestones"] += 1

    organisations = []
    for name, kind, place, description in data.ORGANISATIONS:
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is None:
            organisation = Organisation(name=name, kind=kind, place=place,
                                        description=description,
                                        description_html=render_markdown(description, "basic"),
                                        verified_at=utcnow())
            db.session.add(organisation)
            added["organisations"] += 1
        organisations.append(organisation)
    db.session.flush()

    for email, display_name, roles, group, organisation_index in data.ACCOUNTS:
        user = accounts.find_user_by_email(email)
        if user is None:
            user = User(email=email, display_name=display_name, group=group, language="de",
                        email_confirmed_at=utcnow(), privacy_accepted_at=utcnow())
            user.set_password(data.DEMO_PASSWORD)
            user.role_rows.extend(UserRole(role=r) for r in sorted(roles | {"participant"}))
            db.session.add(user)
            db.session.flush()
            added["users"] += 1
        if organisation_index is not None and not user.memberships:
            db.session.add(Membership(user=user, organisation=organisations[organisation_index],
                                      status=Membership.ACTIVE, is_representative=True,
                                      decided_at=utcnow()))
    db.session.flush()
    added["reasons"] = ensure_default_reasons()
    for key, count in load_participation(concept, organisations).items():
        added[key] = added.get(key, 0) + count
    for key, count in load_event(concept).items():
        added[key] = added.get(key, 0) + count
    # Outcome notifications link to pages: outside a request (CLI, tests) a request context
    # lets url_for build them as the running app serves them.
    context = (nullcontext() if has_request_context()
               else current_app.test_request_context(base_url=DEMO_BASE_URL))
    with context:
        for key, count in load_draft(concept).items():
            added[key] = added.get(key, 0) + count
        for key, count in versions.load_versions(concept).items():
            added[key] = added.get(key, 0) + count
    return added


DEMO_BASE_URL = f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"


# --- the consolidated draft: items with provenance, outcomes ---------------------------------

def load_draft(concept: Concept) -> dict:
    """Add the items of draft.py (matched by topic, kind and text), link them to their
    sources and set the outcomes of draft.py, as a moderator would in the workbench."""
    added = dict.fromkeys(("items", "item_links", "outcomes"), 0)
    moderator = accounts.find_user_by_email(_demo_email("moderation"))
    event = db.session.scalar(select(Event).where(Event.title == event_cards.EVENT["title"]))
    if moderator is None or event is None:
        return added
    for purpose in ("not_taken_up", "forwarded"):
        ensure_default_reasons(purpose=purpose)
    by_key = {spec["key"]: spec["title"] for spec in participation.CONTRIBUTIONS}
    round_title = participation.ROUNDS["closed"]["title"]
    closed = db.session.scalar(select(Round).where(Round.concept_id == concept.id,
                                                   Round.title == round_title))
    online = {c.title: c for c in db.session.scalars(
        select(Contribution).where(Contribution.round_id == closed.id,
                                   Contribution.event_id.is_(None)))}
    cards = {c.body: c for c in db.session.scalars(
        select(Contribution).where(Contribution.event_id == event.id))}

    def source(ref: str) -> Contribution:
        kind, value = draft.resolve_source(ref)
        if kind == "card":
            return cards[event_cards.CARDS[value][3]]
        return online[by_key[value]]

    topics = {t.slug: t for t in concept.topics}
    themes = {t.slug: t for t in concept.crosscutting}
    for slug, spec in draft.DRAFT.items():
        topic = topics[slug]
        current = workbench_items(topic)
        # An item edited since (e.g. by the demo's version 2) is still the item of draft.py.
        existing = {**_earlier_texts(current), **{(i.kind, i.text): i for i in current}}

        def item(kind, entry, parent=None, existing=existing, topic=topic):
            found = existing.get((kind, entry["text"]))
            if found is None:
                values = {key: entry.get(key, "") for key in (
                    "text", "responsible", "partners", "timeframe")}
                values.update(example_by=entry.get("who", ""),
                              example_where=entry.get("where", ""),
                              example_link=entry.get("link", ""),
                              parent_id=parent.id if parent else None,
                              themes=[themes[t] for t in entry.get("themes", [])])
                found = create_item(topic, kind=kind, values=values, actor=moderator)
                added["items"] += 1
            sources = [source(ref) for ref in entry.get("sources", [])]
            if sources and not found.is_withdrawn:
                added["item_links"] += link_contributions(sources, found, actor=moderator)
            return found

        item("main_goal", spec["main_goal"])
        for sub in spec["sub_goals"]:
            parent = item("sub_goal", sub)
            for measure in sub.get("measures", []):
                item("measure", measure, parent)
        for entry in spec.get("municipal_ideas", []):
            item("municipal_idea", entry)
        for entry in spec.get("best_practices", []):
            item("best_practice", entry)
        for ref, reason in spec.get("not_taken_up", []):
            contribution = source(ref)
            if contribution.outcome == "pending":
                added["outcomes"] += decide([contribution], "not_taken_up", reason=reason,
                                            actor=moderator)
        for ref, body, reason in spec.get("forwarded", []):
            contribution = source(ref)
            if contribution.outcome == "pending":
                added["outcomes"] += decide([contribution], "forwarded", reason=reason,
                                            forwarded_to=body, actor=moderator)
        for ref, original in spec.get("duplicates", []):
            contribution = source(ref)
            if contribution.outcome == "pending":
                added["outcomes"] += mark_duplicates([contribution], source(original),
                                                     actor=moderator)
    db.session.flush()
    return added


def _earlier_texts(items) -> dict[tuple[str, str], Item]:
    """(kind, text) -> item, for the texts the items had before they were edited."""
    by_id = {i.id: i for i in items}
    found = {}
    if not by_id:
        return found
    for item_id, before in db.session.execute(
            select(ItemRevision.item_id, ItemRevision.before)
            .where(ItemRevision.item_id.in_(list(by_id)), ItemRevision.action == "edited")
            .order_by(ItemRevision.id)):
        text = (before or {}).get("text")
        if text:
            found.setdefault((by_id[item_id].kind, text), by_id[item_id])
    return found


# --- the dialogue event of the closed round: stations, captured cards, a past import ---------

def load_event(concept: Concept, *, now: datetime | None = None) -> dict:
    """Add the event of event_cards.py to its round (matched by round and title), a station
    per topic (matched by topic), the cards (matched by title, imported ones by content hash)
    and the past import (matched by file name). Returns counts of what was added."""
    now = now or utcnow()
    added = dict.fromkeys(("events", "stations", "event_cards", "import_batches"), 0)
    spec = event_cards.EVENT
    round_ = db.session.scalar(select(Round).where(
        Round.concept_id == concept.id,
        Round.title == participation.ROUNDS[spec["round"]]["title"]))
    moderator = accounts.find_user_by_email(_demo_email("moderation"))
    if round_ is None or moderator is None:
        return added
    event = db.session.scalar(select(Event).where(Event.round_id == round_.id,
                                                  Event.title == spec["title"]))
    if event is None:
        held_on = (now - timedelta(days=spec["held_days_ago"])).date()
        event = Event(round_id=round_.id, title=spec["title"], held_on=held_on,
                      place=spec["place"],
                      created_at=datetime.combine(held_on - timedelta(days=21), time(9),
                                                  tzinfo=UTC))
        db.session.add(event)
        db.session.flush()
        added["events"] += 1
    stations = _load_stations(event, round_, concept, added)
    _load_cards(event, stations, moderator, added)
    return added


def _load_stations(event: Event, round_: Round, concept: Concept, added) -> dict[str, Station]:
    existing = {s.topic_id: s for s in event.stations}
    topics = sorted(round_.topics or concept.topics,
                    key=lambda t: (t.kind != "field", t.position))
    for position, topic in enumerate(topics, start=1):
        if topic.id not in existing:
            station = Station(event=event, topic=topic, name=f"Thementisch {topic.name}",
                              facilitator=event_cards.FACILITATORS.get(topic.slug, ""),
                              position=position)
            db.session.add(station)
            existing[topic.id] = station
            added["stations"] += 1
    db.session.flush()
    return {s.topic.slug: s for s in existing.values()}


def _credit(credit: str) -> dict:
    """"Name|group", "@Organisation|group" or "|group" (anonymous) as Contribution fields."""
    who, _, group = credit.partition("|")
    return {"credited_name": None if who.startswith("@") else who or None,
            "credited_organisation": who[1:] if who.startswith("@") else None,
            "credited_group": group or None}


def _card_photo(text: str) -> str:
    """A small photo of a card: its first words on a light rectangle; stored like an uploaded
    photo. Returns the file name."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (250, 246, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle((12, 12, 467, 307), outline=(120, 120, 120), width=2)
    words = text.split()[:12]
    lines = [" ".join(words[i:i + 4]) for i in range(0, len(words), 4)]
    for number, line in enumerate(lines):
        draw.text((32, 40 + 28 * number), line, fill=(30, 30, 80))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return events.store_photo(out.getvalue())


def _import_error_report() -> str:
    """The error report of the past import, as the importer writes it."""
    spec = event_cards.IMPORT
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in [*spec["error_header"], "Fehler"]])
    writer.writerow([safe_cell(c) for c in [*spec["error_row"], spec["error"]]])
    return out.getvalue()


def _load_cards(event: Event, stations: dict[str, Station], moderator: User, added) -> None:
    existing = list(db.session.scalars(select(Contribution).where(
        Contribution.event_id == event.id)))
    by_title = {c.title: c for c in existing if c.import_batch_id is None}
    by_hash = {c.content_hash: c for c in existing if c.content_hash}
    start = datetime.combine(event.held_on, time(9, 30), tzinfo=UTC)
    spec = event_cards.IMPORT
    imported = [c for c in event_cards.CARDS if c[4].get("import")]
    batch = None
    if imported:
        batch = db.session.scalar(select(ImportBatch).where(
            ImportBatch.event_id == event.id, ImportBatch.filename == spec["filename"]))
        if batch is None:
            batch = ImportBatch(
                event_id=event.id, filename=spec["filename"],
                created_at=datetime.combine(
                    event.held_on + timedelta(days=spec["days_after_event"]), time(10),
                    tzinfo=UTC),
                created_by_id=moderator.id, rows_imported=len(imported), rows_skipped=1,
                error_report=_import_error_report())
            db.session.add(batch)
            db.session.flush()
            added["import_batches"] += 1
    keyed: dict[str, Contribution] = {}
    seen_hashes: dict[str, int] = {}
    for number, (slug, kind_code, credit, text, extras) in enumerate(event_cards.CARDS):
        station = stations[slug]
        kind = event_cards.KINDS[kind_code]
        fields = dict(round_id=event.round_id, topic_id=station.topic_id, kind=kind,
                      body=text, body_html=render_markdown(text),
                      language=extras.get("lang", "de"), author_id=None, event_id=event.id,
                      station_id=station.id, captured_by_id=moderator.id,
                      status="published", outcome="pending", **_credit(credit))
        if extras.get("import"):
            key = importing.content_hash(event.id, station.id, kind, text)
            seen_hashes[key] = seen_hashes.get(key, 0) + 1
            content_hash = importing.content_hash(event.id, station.id, kind, text,
                                                  seen_hashes[key])
            card = by_hash.get(content_hash)
            if card is None:
                card = Contribution(title=importing.derive_title(text), source="import",
                                    import_batch_id=batch.id, content_hash=content_hash,
                                    created_at=batch.created_at, updated_at=batch.created_at,
                                    **fields)
                db.session.add(card)
                added["event_cards"] += 1
        else:
            title = events.derive_title(text)
            card = by_title.get(title)
            if card is None:
                duplicate_of = keyed[extras["dup"]] if extras.get("dup") else None
                if duplicate_of is not None and duplicate_of.station_id != station.id:
                    raise ValueError(f"duplicate of a card of another station: {title}")
                created_at = start + timedelta(minutes=3 * number)
                card = Contribution(title=title, source="event",
                                    duplicate_of_id=duplicate_of.id if duplicate_of else None,
                                    photo_path=_card_photo(text) if extras.get("photo")
                                    else None,
                                    created_at=created_at, updated_at=created_at, **fields)
                db.session.add(card)
                db.session.flush()  # the id, for cards marked as its duplicate
                added["event_cards"] += 1
        if extras.get("key"):
            keyed[extras["key"]] = card
    db.session.flush()


# --- participation: people, a network, rounds, contributions, comments, supports -------------

def workbench_items(topic: Topic) -> list:
    return _items_of([topic.id], include_withdrawn=True)


def _demo_email(local_part: str) -> str:
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
        user = accounts.find_user_by_email(_demo_email(local_part))
        if user is None:
            user = User(email=_demo_email(local_part), display_name=display_name, group=group,
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
    emails = [a[0] for a in data.ACCOUNTS] + [_demo_email(p[0]) for p in participation.PARTICIPANTS]
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
                created_at=created_at, updated_at=created_at)
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
                              created_at=created_at, updated_at=created_at)
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
                                   created_at=created_at))
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


# --- synthetic data for benchmarks: `flask demo generate` ------------------------------------

GENERATED_ROUND_TITLE = "Lastdaten"
GENERATED_EMAIL = "lastdaten-{:05d}@example.org"
GENERATED_KINDS = ["goal", "measure", "municipal_idea", "best_practice"]
CHUNK = 1000


class GenerateError(Exception):
    """The synthetic data cannot be generated (e.g. there is no concept yet)."""


def current_concept() -> Concept | None:
    """The demo concept, or else the oldest one."""
    concept = db.session.scalar(select(Concept).where(Concept.slug == data.CONCEPT["slug"]))
    return concept or db.session.scalar(select(Concept).order_by(Concept.id).limit(1))


def generate_load_data(contributions: int, *, comments_per: int = 2, seed: int = 1,
                       topic: str | None = None, items: int = 0, link_share: float = 0.6,
                       now: datetime | None = None) -> dict:
    """Add `contributions` synthetic contributions to the open round "Lastdaten" of the current
    concept, by a pool of generated users, with supports and threaded comments. Rows are
    inserted in bulk, a chunk at a time; the same seed gives the same texts.

    `topic` (a slug) files all of them under that topic instead of spreading them over all
    topics. `items` adds that many draft items to the topic (or spread over the topics) as a
    moderator would, and links about `link_share` of the new published contributions of those
    topics to them (bulk-inserted: links, outcome "incorporated" and the audit entries; no
    notifications)."""
    if contributions < 0 or comments_per < 0 or items < 0:
        raise GenerateError("Counts must not be negative.")
    concept = current_concept()
    if concept is None:
        raise GenerateError("There is no concept yet; run `flask demo load` first.")
    only = None
    if topic is not None:
        only = next((t for t in concept.topics if t.slug == topic), None)
        if only is None:
            raise GenerateError(f"The concept has no topic {topic!r}.")
    now = now or utcnow()
    rng = random.Random(seed)
    round_, round_added = _generated_round(concept, now)
    users, users_added = _generated_users(max(20, contributions // 20), rng, now)
    writer = _TextWriter(rng, concept.topics, only=only)
    counts = {"rounds": round_added, "users": users_added, "contributions": 0, "supports": 0,
              "comments": 0, "items": 0, "item_links": 0, "incorporated": 0}
    opens_at = as_utc(round_.opens_at)
    published: list[tuple[int, int]] = []  # (contribution id, topic id)
    for start in range(0, contributions, CHUNK):
        size = min(CHUNK, contributions - start)
        rows = [writer.contribution(round_.id, rng.choice(users), opens_at, now)
                for _ in range(size)]
        themes = [row.pop("_themes") for row in rows]
        ids = db.session.execute(
            insert(Contribution).returning(Contribution.id, sort_by_parameter_order=True),
            rows).scalars().all()
        theme_rows = [{"contribution_id": i, "topic_id": t}
                      for i, topic_ids in zip(ids, themes, strict=True) for t in topic_ids]
        if theme_rows:
            db.session.execute(insert(contribution_themes), theme_rows)
        published += [(i, row["topic_id"]) for i, row in zip(ids, rows, strict=True)
                      if row["status"] == "published"]
        counts["contributions"] += size
        counts["supports"] += _generate_supports(rng, ids, rows, users, now)
        counts["comments"] += _generate_comments(rng, writer, ids, rows, users, comments_per,
                                                 now)
    if items:
        topics = [only] if only is not None else list(concept.topics)
        by_topic = _generate_items(rng, topics, items)
        counts["items"] = items
        linked = _generate_links(rng, published, by_topic, link_share, now)
        counts["item_links"], counts["incorporated"] = linked
    # Bulk inserts bypass the session's flush, which keeps the SQLite search index current.
    search.rebuild_index()
    counts["round_id"] = round_.id
    return counts


def _generate_items(rng: random.Random, topics: list[Topic], count: int) -> dict[int, list]:
    """`count` draft items spread over `topics` in turn, made with the use case (revisions
    and audit entries included): a main goal where a topic has none, then sub-goals, measures
    under them, municipal ideas and best practices. Returns topic id -> its active items."""
    moderator = accounts.find_user_by_email(_demo_email("moderation"))
    pattern = ["sub_goal", "measure", "measure", "municipal_idea", "best_practice"]
    per_topic = {t.id: count // len(topics) + (n < count % len(topics))
                 for n, t in enumerate(topics)}
    writer = _ItemWriter(rng)
    by_topic = {}
    for topic in topics:
        existing = workbench_items(topic)
        active = [i for i in existing if not i.is_withdrawn]
        sub_goals = [i for i in active if i.kind == "sub_goal"]
        kinds = [] if any(i.kind == "main_goal" for i in active) else ["main_goal"]
        kinds += [pattern[n % len(pattern)] for n in range(per_topic[topic.id])]
        for kind in kinds[:per_topic[topic.id]]:
            if kind == "measure" and not sub_goals:
                kind = "sub_goal"
            values = writer.values(kind, topic.slug)
            if kind == "measure":
                values["parent_id"] = rng.choice(sub_goals).id
            item = create_item(topic, kind=kind, values=values, actor=moderator)
            active.append(item)
            if kind == "sub_goal":
                sub_goals.append(item)
        by_topic[topic.id] = active
    db.session.flush()
    return by_topic


def _generate_links(rng, published, by_topic, share, now) -> tuple[int, int]:
    """Link about `share` of the published contributions (of topics with items) to one item of
    their topic, some to two; as `link_contributions` would: links, outcome "incorporated",
    audit entries. Returns (links, contributions incorporated)."""
    moderator = accounts.find_user_by_email(_demo_email("moderation"))
    actor_id = moderator.id if moderator else None
    links, audit_rows, incorporated = [], [], []
    for contribution_id, topic_id in published:
        choices = by_topic.get(topic_id)
        if not choices or rng.random() >= share:
            continue
        count = 2 if len(choices) > 1 and rng.random() < 0.15 else 1
        reference = f"B-{contribution_id:04d}"
        for item in rng.sample(choices, count):
            links.append({"item_id": item.id, "contribution_id": contribution_id, "note": "",
                          "created_at": now, "created_by_id": actor_id})
            audit_rows.append(_audit_row("item_link.added", contribution_id, reference,
                                         topic_id, actor_id, now, None,
                                         {"item": item.id, "item_label": item.label,
                                          "note": ""}))
        audit_rows.append(_audit_row(
            "contribution.outcome", contribution_id, reference, topic_id, actor_id, now,
            {"outcome": "pending", "reason": "", "forwarded_to": ""},
            {"outcome": "incorporated", "reason": "", "forwarded_to": ""}))
        incorporated.append(contribution_id)
    if links:
        db.session.execute(insert(ItemLink), links)
        db.session.execute(insert(audit.AuditEntry), audit_rows)
    for start in range(0, len(incorporated), CHUNK):
        db.session.execute(
            update(Contribution)
            .where(Contribution.id.in_(incorporated[start:start + CHUNK]))
            .values(outcome="incorporated", outcome_reason="", forwarded_to="",
                    outcome_at=now, outcome_by_id=actor_id,
                    lock_version=Contribution.lock_version + 1)
            .execution_options(synchronize_session=False))
    return len(links), len(incorporated)


def _audit_row(action, contribution_id, reference, topic_id, actor_id, now, before,
               after) -> dict:
    return {"created_at": now, "actor_id": actor_id, "action": action,
            "object_type": "contributions", "object_id": contribution_id,
            "summary": reference, "before": before, "after": after, "topic_id": topic_id}


def _generated_round(concept, now) -> tuple[Round, int]:
    round_ = db.session.scalar(select(Round).where(Round.concept_id == concept.id,
                                                   Round.title == GENERATED_ROUND_TITLE))
    if round_ is not None:
        return round_, 0
    description = ("Synthetische Beiträge für Last- und Geschwindigkeitstests, erzeugt mit "
                   "`flask demo generate`.")
    round_ = Round(concept=concept, title=GENERATED_ROUND_TITLE, kind="online",
                   description=description, description_html=render_markdown(description),
                   opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=60),
                   audience="all", accepted_kinds=list(GENERATED_KINDS),
                   publish_immediately=True)
    round_.topics = list(concept.topics)
    db.session.add(round_)
    db.session.flush()
    return round_, 1


def _generated_users(size: int, rng: random.Random, now) -> tuple[list[int], int]:
    """Ids of the generated users lastdaten-00001@... to lastdaten-<size>@..., creating those
    that are missing. They share one password hash (the demo password): hashing is slow on
    purpose, and benchmarks need many accounts fast."""
    emails = [GENERATED_EMAIL.format(n) for n in range(1, size + 1)]
    existing = dict(db.session.execute(
        select(User.email, User.id).where(User.email.in_(emails))).all())
    missing = [e for e in emails if e not in existing]
    if missing:
        password_hash = generate_password_hash(
            data.DEMO_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"])
        groups = [*GROUPS, None]
        first_names = participation.GENERATED_FIRST_NAMES
        rows = [{"email": email,
                 "display_name": f"{rng.choice(first_names)} {chr(ord('A') + rng.randrange(26))}.",
                 "password_hash": password_hash,
                 "language": "de", "group": rng.choice(groups), "notify_email": "never",
                 "created_at": now - timedelta(days=40), "email_confirmed_at": now,
                 "privacy_accepted_at": now, "active": True} for email in missing]
        ids = db.session.execute(insert(User).returning(User.id, sort_by_parameter_order=True),
                                 rows).scalars().all()
        db.session.execute(insert(UserRole), [{"user_id": i, "role": "participant",
                                               "granted_at": now} for i in ids])
        existing.update(zip(missing, ids, strict=True))
    return [existing[e] for e in emails], len(missing)


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.random()


def _generate_supports(rng, ids, rows, users, now) -> int:
    """A skewed number of supports per contribution (a few get many), never by the author."""
    support_rows = []
    for contribution_id, row in zip(ids, rows, strict=True):
        count = min(len(users) - 1, int(rng.expovariate(1 / 3)))
        supporters = [u for u in rng.sample(users, count + 1) if u != row["author_id"]][:count]
        support_rows += [{"contribution_id": contribution_id, "user_id": user_id,
                          "created_at": _between(rng, row["created_at"], now)}
                         for user_id in supporters]
    if support_rows:
        db.session.execute(insert(Support), support_rows)
    return len(support_rows)


def _generate_comments(rng, writer, ids, rows, users, comments_per, now) -> int:
    """About `comments_per` comments per contribution, threaded up to three levels: every
    level is inserted in one statement, so that replies know their parents' ids."""
    levels: list[list[tuple]] = [[], [], []]  # (local id, parent local id, row)
    local_id = 0
    for contribution_id, row in zip(ids, rows, strict=True):
        thread = []  # (local id, depth, created_at)
        for _ in range(rng.randint(0, 2 * comments_per)):
            parent = None
            if thread and rng.random() < 0.4:
                candidates = [c for c in thread if c[1] < 2]
                parent = rng.choice(candidates) if candidates else None
            depth = parent[1] + 1 if parent else 0
            created_at = _between(rng, parent[2] if parent else row["created_at"], now)
            local_id += 1
            body = writer.comment()
            levels[depth].append((local_id, parent[0] if parent else None, {
                "contribution_id": contribution_id, "author_id": rng.choice(users),
                "body": body, "body_html": writer.comment_html(body), "status": "published",
                "created_at": created_at, "updated_at": created_at}))
            thread.append((local_id, depth, created_at))
    inserted_ids: dict[int, int] = {}
    for level in levels:
        if not level:
            continue
        comment_rows = [dict(row, parent_id=inserted_ids[parent] if parent else None)
                        for _local, parent, row in level]
        new_ids = db.session.execute(
            insert(Comment).returning(Comment.id, sort_by_parameter_order=True),
            comment_rows).scalars().all()
        inserted_ids.update(zip((local for local, _p, _r in level), new_ids, strict=True))
    return local_id


class _TextWriter:
    """German-ish (and a little English) texts from the word lists of participation.py."""

    def __init__(self, rng: random.Random, topics, only: Topic | None = None):
        self.rng = rng
        self.topics = [(t.id, t.slug, t.kind) for t in ([only] if only else topics)]
        self.themes = [t.id for t in topics if t.kind == "crosscutting"]
        self._comment_html: dict[str, str] = {}

    def _pick(self, items):
        return self.rng.choice(items)

    def contribution(self, round_id: int, author_id: int, start: datetime, now) -> dict:
        topic_id, slug, topic_kind = self._pick(self.topics)
        kind = self._pick(GENERATED_KINDS)
        english = self.rng.random() < 0.05
        title, body = self._english() if english else self._german(slug, kind)
        status = "published"
        roll = self.rng.random()
        if roll < 0.02:
            status = "withdrawn"
        elif roll < 0.03:
            status = "hidden"
        created_at = _between(self.rng, start, now)
        themes = []
        if topic_kind == "field" and self.rng.random() < 0.3:
            themes = [self._pick(self.themes)]
        return {"round_id": round_id, "topic_id": topic_id, "kind": kind, "title": title,
                "body": body, "body_html": render_markdown(body),
                "language": "en" if english else "de", "author_id": author_id,
                "organisation_id": None, "source": "online", "status": status,
                "outcome": "pending",
                "hidden_reason": participation.GENERATED_HIDDEN_REASON
                if status == "hidden" else None,
                "hidden_at": created_at if status == "hidden" else None,
                "created_at": created_at, "updated_at": created_at, "lock_version": 1,
                "_themes": themes}

    def _german(self, slug: str, kind: str) -> tuple[str, str]:
        p = participation
        obj = self._pick(p.GENERATED_OBJECTS[slug])
        place = self._pick(p.GENERATED_PLACES)
        verb, verb_zu = self._pick(p.GENERATED_VERBS)
        title = self._pick([f"{obj[0].upper()}{obj[1:]} {place}",
                            f"{obj[0].upper()}{obj[1:]} {place} {verb}",
                            f"Vorschlag: {obj} {place}"])
        first = {
            "goal": f"Unser Ziel: {obj} {place}, {self._pick(p.GENERATED_REASONS)}.",
            "measure": f"{self._pick(p.GENERATED_ACTORS)} {self._pick(p.GENERATED_MODALS)} "
                       f"{obj} {place} {verb}.",
            "municipal_idea": f"Jede Gemeinde könnte {obj} {verb}.",
            "best_practice": f"Bei uns {place} gibt es schon {obj}, und das funktioniert gut.",
        }[kind]
        more = [
            f"Wir brauchen {self._pick(p.GENERATED_OBJECTS[slug])} {self._pick(p.GENERATED_PLACES)}"
            f", {self._pick(p.GENERATED_REASONS)}.",
            f"Es wäre gut, {obj} auch {self._pick(p.GENERATED_PLACES)} {verb_zu}.",
            f"{self._pick(p.GENERATED_ACTORS)} {self._pick(p.GENERATED_MODALS)} dabei mit den "
            f"Vereinen zusammenarbeiten, {self._pick(p.GENERATED_REASONS)}.",
            f"Bitte auch {self._pick(p.GENERATED_PLACES)} {obj} {verb}.",
        ]
        sentences = [first, *self.rng.sample(more, self.rng.randint(0, 3))]
        body = " ".join(sentences)
        if self.rng.random() < 0.25:
            details = self.rng.sample(p.GENERATED_DETAILS, self.rng.randint(2, 4))
            body += "\n\nWichtig dabei:\n\n" + "\n".join(f"- {d}" for d in details)
        return title, body

    def _english(self) -> tuple[str, str]:
        place = self._pick(participation.GENERATED_PLACES)
        sentences = self.rng.sample(participation.GENERATED_ENGLISH, self.rng.randint(1, 3))
        return f"Idea for newcomers {place}", " ".join(s.format(place=place) for s in sentences)

    def comment(self) -> str:
        return (f"{self._pick(participation.GENERATED_COMMENT_OPENERS)} "
                f"{self._pick(participation.GENERATED_COMMENT_ENDINGS)}")

    def comment_html(self, body: str) -> str:
        # Comments come from a small set of sentences: render each distinct one once.
        if body not in self._comment_html:
            self._comment_html[body] = render_markdown(body, "basic")
        return self._comment_html[body]


class _ItemWriter:
    """Texts of draft items from the word lists of participation.py."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def _pick(self, items):
        return self.rng.choice(items)

    def values(self, kind: str, slug: str) -> dict:
        p = participation
        obj = self._pick(p.GENERATED_OBJECTS.get(slug) or p.GENERATED_OBJECTS["sprache"])
        place = self._pick(p.GENERATED_PLACES)
        verb, verb_zu = self._pick(p.GENERATED_VERBS)
        actor = self._pick(p.GENERATED_ACTORS)
        values = {"themes": []}
        if kind == "main_goal":
            values["text"] = (f"Im ganzen Landkreis gibt es {obj}, "
                              f"{self._pick(p.GENERATED_REASONS)}.")
        elif kind == "sub_goal":
            values["text"] = f"Bis 2030 gelingt es, {obj} {place} {verb_zu}."
        elif kind == "measure":
            values.update(text=f"{actor} {self._pick(p.GENERATED_MODALS)} {obj} {place} {verb}.",
                          responsible=actor, partners=self._pick(p.GENERATED_ACTORS),
                          timeframe=self._pick(["2027", "2027–2028", "ab 2028", "laufend"]))
        elif kind == "municipal_idea":
            values["text"] = (f"Jede Gemeinde könnte {obj} {verb}, "
                              f"{self._pick(p.GENERATED_REASONS)}.")
        else:
            values.update(text=f"{obj[0].upper()}{obj[1:]} {place}: "
                               f"{self._pick(p.GENERATED_DETAILS)}.",
                          example_by=actor, example_where=place.removeprefix("in ").strip())
        return values
