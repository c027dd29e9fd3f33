"""Synthetic large data for benchmarks (`flask demo generate`): contributions, supports,
threaded comments and optionally draft items with links, inserted in bulk."""

import random
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import insert, select, update
from werkzeug.security import generate_password_hash

from app.accounts import services as accounts
from app.accounts.models import GROUPS, ORGANISATION_KINDS, Membership, Organisation, User, UserRole
from app.concepts.models import Concept, Topic
from app.concepts.services import create_item
from app.contributions.models import Comment, Contribution, Support, contribution_themes
from app.contributions.services import recount
from app.core import audit, search
from app.core.sanitize import render_markdown
from app.core.time import as_utc, utcnow
from app.demo import data, participation
from app.demo.participation_loader import demo_email
from app.demo.services import workbench_items
from app.extensions import db
from app.rounds.models import Round
from app.workbench.models import ItemLink

GENERATED_ROUND_TITLE = "Lastdaten"
GENERATED_EMAIL = "lastdaten-{:05d}@example.org"
GENERATED_ORGANISATION = "Lastdaten-Organisation {:04d}"
# Share of contributions whose author is a representative credited to the organisation.
ORGANISATION_SHARE = 0.1
GENERATED_KINDS = ["goal", "measure", "municipal_idea", "best_practice"]
CHUNK = 1000


class GenerateError(Exception):
    """The synthetic data cannot be generated (e.g. there is no concept yet)."""


def demo_concept() -> Concept | None:
    """The demo concept, or else the oldest one."""
    concept = db.session.scalar(select(Concept).where(Concept.slug == data.CONCEPT["slug"]))
    return concept or db.session.scalar(select(Concept).order_by(Concept.id).limit(1))


def generate_load_data(contributions: int, *, comments_per: int = 2, seed: int = 1,
                       topic: str | None = None, items: int = 0, link_share: float = 0.6,
                       supports_per: int = 3, users: int | None = None,
                       organisations: int = 0, now: datetime | None = None) -> dict:
    """Add `contributions` synthetic contributions to the open round "Lastdaten" of the current
    concept, by a pool of generated users, with supports and threaded comments. Rows are
    inserted in bulk, a chunk at a time; the same seed gives the same texts.

    `topic` (a slug) files all of them under that topic instead of spreading them over all
    topics. `supports_per`: supports per contribution on average (a few get many). `items`
    adds that many draft items to the topic (or spread over the topics) as a
    moderator would, and links about `link_share` of the new published contributions of those
    topics to them (bulk-inserted: links, outcome "incorporated" and the audit entries; no
    notifications). `users`: the pool of generated people (default: one per 20 contributions,
    at least 20). `organisations`: verified generated organisations, each with its members
    among the generated people (the first one its representative); about a tenth of the
    contributions are then credited to an organisation by its representative."""
    if contributions < 0 or comments_per < 0 or items < 0 or supports_per < 1:
        raise GenerateError("Counts must not be negative.")
    users_wanted = max(20, contributions // 20) if users is None else users
    if users_wanted < 2 or organisations < 0:
        raise GenerateError("At least 2 users are needed; organisations must not be negative.")
    if organisations > users_wanted:
        raise GenerateError("Every organisation needs a generated user as its representative: "
                            "give at least as many users as organisations.")
    concept = demo_concept()
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
    users, users_added = _generated_users(users_wanted, rng, now)
    representatives, organisations_added = _generated_organisations(organisations, users, now)
    credit_rng = random.Random(f"{seed}-organisations")
    people = _snapshots(users)
    writer = _TextWriter(rng, concept.topics, only=only)
    counts = {"rounds": round_added, "users": users_added,
              "organisations": organisations_added, "contributions": 0, "supports": 0,
              "comments": 0, "items": 0, "item_links": 0, "incorporated": 0}
    opens_at = as_utc(round_.opens_at)
    published: list[tuple[int, int]] = []  # (contribution id, topic id)
    for start in range(0, contributions, CHUNK):
        size = min(CHUNK, contributions - start)
        rows = [writer.contribution(round_.id, rng.choice(users), opens_at, now)
                for _ in range(size)]
        if representatives:
            _credit_organisations(credit_rng, rows, representatives)
        for row in rows:
            row.update(people[row["author_id"]])
        themes = [row.pop("_themes") for row in rows]
        ids = db.session.execute(
            _insert(Contribution).returning(Contribution.id, sort_by_parameter_order=True),
            rows).scalars().all()
        theme_rows = [{"contribution_id": i, "topic_id": t}
                      for i, topic_ids in zip(ids, themes, strict=True) for t in topic_ids]
        if theme_rows:
            db.session.execute(insert(contribution_themes), theme_rows)
        published += [(i, row["topic_id"]) for i, row in zip(ids, rows, strict=True)
                      if row["status"] == "published"]
        counts["contributions"] += size
        counts["supports"] += _generate_supports(rng, ids, rows, users, now, supports_per,
                                                 people)
        counts["comments"] += _generate_comments(rng, writer, ids, rows, users, comments_per,
                                                 now, people)
    if items:
        topics = [only] if only is not None else list(concept.topics)
        by_topic = _generate_items(rng, topics, items)
        counts["items"] = items
        linked = _generate_links(rng, published, by_topic, link_share, now)
        counts["item_links"], counts["incorporated"] = linked
    # Bulk inserts bypass the use cases that keep the support and comment counters.
    recount(select(Contribution.id).where(Contribution.round_id == round_.id))
    # Bulk inserts bypass the session's flush, which keeps the SQLite search index current.
    search.rebuild_index()
    counts["round_id"] = round_.id
    return counts


def _insert(model):
    """A bulk INSERT that sends None as NULL: the ORM otherwise leaves None values out, and
    rows with other columns go to the database in separate, often one-row, batches."""
    return insert(model).execution_options(render_nulls=True)


def _generate_items(rng: random.Random, topics: list[Topic], count: int) -> dict[int, list]:
    """`count` draft items spread over `topics` in turn, made with the use case (revisions
    and audit entries included): a main goal where a topic has none, then sub-goals, measures
    under them, municipal ideas and best practices. Returns topic id -> its active items."""
    moderator = accounts.find_user_by_email(demo_email("moderation"))
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
    moderator = accounts.find_user_by_email(demo_email("moderation"))
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
        db.session.execute(_insert(ItemLink), links)
        db.session.execute(_insert(audit.AuditEntry), audit_rows)
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
        # "_display_name": the column behind User.display_name (bulk inserts take the
        # mapped attribute, not the property that names deleted accounts)
        rows = [{"email": email,
                 "_display_name": f"{rng.choice(first_names)} {chr(ord('A') + rng.randrange(26))}.",
                 "password_hash": password_hash,
                 "language": _language(email), "group": rng.choice(groups),
                 "notify_email": "never",
                 "created_at": now - timedelta(days=40), "email_confirmed_at": now,
                 "privacy_accepted_at": now, "active": True} for email in missing]
        ids = db.session.execute(_insert(User).returning(User.id, sort_by_parameter_order=True),
                                 rows).scalars().all()
        db.session.execute(_insert(UserRole), [{"user_id": i, "role": "participant",
                                               "granted_at": now} for i in ids])
        existing.update(zip(missing, ids, strict=True))
    return [existing[e] for e in emails], len(missing)


def _generated_organisations(count: int, users: list[int], now) -> tuple[list[tuple], int]:
    """The verified organisations "Lastdaten-Organisation 0001" to `count`, creating those
    that are missing. The generated users are spread over them as active members, the first
    member of each its representative. Returns [(representative id, organisation id)] and
    how many organisations were added."""
    if not count:
        return [], 0
    names = [GENERATED_ORGANISATION.format(n) for n in range(1, count + 1)]
    existing = dict(db.session.execute(
        select(Organisation.name, Organisation.id).where(Organisation.name.in_(names))).all())
    missing = [n for n in names if n not in existing]
    kinds = list(ORGANISATION_KINDS)
    if missing:
        rows = [{"name": name, "kind": kinds[number % len(kinds)],
                 "description": "", "description_html": "", "place": "Konstanz",
                 "website": "", "created_at": now - timedelta(days=40),
                 "verified_at": now - timedelta(days=39)}
                for number, name in enumerate(missing)]
        ids = db.session.execute(
            _insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True),
            rows).scalars().all()
        existing.update(zip(missing, ids, strict=True))
    organisation_ids = [existing[n] for n in names]
    # user number n belongs to organisation n mod count; the first `count` users represent
    members = {(user_id, organisation_id) for user_id, organisation_id in db.session.execute(
        select(Membership.user_id, Membership.organisation_id)
        .where(Membership.organisation_id.in_(organisation_ids)))}
    rows = [{"user_id": user_id, "organisation_id": organisation_ids[n % count],
             "status": Membership.ACTIVE, "is_representative": n < count, "message": "",
             "requested_at": now - timedelta(days=38), "decided_at": now - timedelta(days=38)}
            for n, user_id in enumerate(users)
            if (user_id, organisation_ids[n % count]) not in members]
    for start in range(0, len(rows), CHUNK):
        db.session.execute(_insert(Membership), rows[start:start + CHUNK])
    return list(zip(users[:count], organisation_ids, strict=True)), len(missing)


def _credit_organisations(draw: random.Random, rows: list[dict],
                          representatives: list[tuple]) -> None:
    """About ORGANISATION_SHARE of the contributions of a chunk are written by a
    representative for their organisation. `draw` is a generator of its own, so that the
    rest of the data of a seed stays the same with or without organisations."""
    for row in rows:
        if draw.random() < ORGANISATION_SHARE:
            row["author_id"], row["organisation_id"] = draw.choice(representatives)


def _language(email: str) -> str:
    """Most generated people use the German pages, some the English or Arabic ones (without
    a draw from the random generator, so that the rest of the data stays as it was)."""
    number = int(email.split("@")[0].rsplit("-", 1)[-1])
    return "ar" if number % 7 == 0 else "en" if number % 5 == 0 else "de"


def _snapshots(users: list[int]) -> dict[int, dict]:
    """What the use cases store with each contribution, comment and support (the person's
    group and page language then), per generated user: written into the rows inserted in
    bulk rather than updated afterwards (which rewrote every row on PostgreSQL)."""
    people = {}
    for start in range(0, len(users), CHUNK):
        people.update(
            (user_id, {"participant_group": group, "ui_language": language})
            for user_id, group, language in db.session.execute(
                select(User.id, User.group, User.language)
                .where(User.id.in_(users[start:start + CHUNK]))))
    return people


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.random()


def _generate_supports(rng, ids, rows, users, now, mean: int, people) -> int:
    """A skewed number of supports per contribution (a few get many, `mean` on average),
    never by the author."""
    support_rows = []
    for contribution_id, row in zip(ids, rows, strict=True):
        count = min(len(users) - 1, int(rng.expovariate(1 / mean)))
        supporters = [u for u in rng.sample(users, count + 1) if u != row["author_id"]][:count]
        support_rows += [{"contribution_id": contribution_id, "user_id": user_id,
                          "created_at": _between(rng, row["created_at"], now),
                          **people[user_id]}
                         for user_id in supporters]
    if support_rows:
        db.session.execute(_insert(Support), support_rows)
    return len(support_rows)


def _generate_comments(rng, writer, ids, rows, users, comments_per, now, people) -> int:
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
            author_id = rng.choice(users)
            levels[depth].append((local_id, parent[0] if parent else None, {
                **people[author_id], "contribution_id": contribution_id, "author_id": author_id,
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
            _insert(Comment).returning(Comment.id, sort_by_parameter_order=True),
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
