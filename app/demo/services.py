"""Loading the demo. Idempotent: what exists (matched by its natural key) is left alone.
The concept, organisations and accounts, the consolidated draft and the dialogue event are
loaded here; the participation in participation_loader.py, the versions in versions.py.
The synthetic large data for benchmarks (`flask demo generate`) is in generator.py."""

import csv
import io
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import Membership, Organisation, User, UserRole
from app.concepts.models import Chapter, Concept, Item, ItemRevision, Milestone, Topic
from app.concepts.services import create_item
from app.concepts.services import items_of as _items_of
from app.contributions.models import Contribution
from app.core.sanitize import render_markdown
from app.core.spreadsheet import safe_cell
from app.core.time import utcnow
from app.demo import data, draft, event_cards, participation, versions
from app.demo.conference import load_conference
from app.demo.implementation import load_implementation
from app.demo.participation_loader import demo_email, load_participation
from app.demo.translations import load_translations
from app.events import importing
from app.events import services as events
from app.events.models import Event, ImportBatch, Station
from app.extensions import db
from app.moderation.services import ensure_default_reasons
from app.rounds.models import Round
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
    for key, count in load_draft(concept).items():
        added[key] = added.get(key, 0) + count
    for key, count in versions.load_versions(concept).items():
        added[key] = added.get(key, 0) + count
    for key, count in load_implementation(concept).items():
        added[key] = added.get(key, 0) + count
    for key, count in load_conference(concept).items():
        added[key] = added.get(key, 0) + count
    added["translated"] = load_translations(concept)
    return added



def workbench_items(topic: Topic) -> list:
    return _items_of([topic.id], include_withdrawn=True)


# --- the consolidated draft: items with provenance, outcomes ---------------------------------

def load_draft(concept: Concept) -> dict:
    """Add the items of draft.py (matched by topic, kind and text), link them to their
    sources and set the outcomes of draft.py, as a moderator would in the workbench."""
    added = dict.fromkeys(("items", "item_links", "outcomes"), 0)
    moderator = accounts.find_user_by_email(demo_email("moderation"))
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
    moderator = accounts.find_user_by_email(demo_email("moderation"))
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
            "credited_group": group or None, "participant_group": group or None}


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
