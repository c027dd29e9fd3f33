"""Use cases of versions: freeze, publish, adopt, review (verdicts and answers), and the
concept as a document (built in app/versions/document.py). They flush but never commit."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app.accounts.models import User, UserRole
from app.concepts.models import Concept, Item
from app.contributions.models import Contribution
from app.contributions.queries import contribution_list_loads
from app.contributions.services import RemarkTargets, register_remark_targets
from app.core import audit, jobs
from app.core.actions import Refusal
from app.core.permissions import STEERING, listed_versions
from app.core.sanitize import render_markdown
from app.core.time import utcnow
from app.extensions import db
from app.notifications.services import notify
from app.rounds.services import register_version_choices
from app.versions.document import (  # noqa: F401 (version_document: read by callers here too)
    ConceptDocument,
    draft_document,
    version_document,
)
from app.versions.models import (
    ANSWER_KINDS,
    VERDICTS,
    VISIBILITIES,
    Adoption,
    Review,
    Verdict,
    Version,
    VersionChapter,
    VersionItem,
    VersionTopic,
    allow_copies,
)
from app.workbench.models import ItemLink
from app.workbench.services import register_item_remarks

MAX_LABEL = 200
MAX_REMARK = 3000



class VersionError(Refusal):
    """A use case refused; the message is shown to the user."""


# --- reading ----------------------------------------------------------------------------------

def versions_of(concept: Concept, *, user) -> list[Version]:
    """The versions `user` may find in lists (permissions.listed_versions), newest first."""
    # A concept has a few versions with a review or two and an adoption each: joined into the
    # one statement rather than two more.
    query = select(Version).where(Version.concept_id == concept.id,
                                  listed_versions(user, Version)).options(
        joinedload(Version.adoptions), joinedload(Version.reviews))
    return list(db.session.scalars(query.order_by(Version.number.desc())).unique())


def version_by_number(concept: Concept, number: int) -> Version | None:
    """The version (with who froze it, which its page names for staff)."""
    return db.session.scalar(select(Version).where(Version.concept_id == concept.id,
                                                   Version.number == number)
                             .options(joinedload(Version.frozen_by)))


def latest_published(concept: Concept) -> Version | None:
    return db.session.scalar(select(Version).where(
        Version.concept_id == concept.id, Version.visibility == "published")
        .order_by(Version.number.desc()).limit(1))


def latest_adopted(concept: Concept, *, user) -> Version | None:
    """The newest adopted version among those `user` may find in lists (None: the public)."""
    query = select(Version).where(Version.concept_id == concept.id, Version.adoptions.any(),
                                  listed_versions(user, Version))
    return db.session.scalar(query.order_by(Version.number.desc()).limit(1))


def newest_adopted(versions: list[Version]) -> Version | None:
    """`latest_adopted` taken from a list `versions_of` gave (newest first, adoptions loaded),
    for a page that has the list already: no query of its own."""
    return next((v for v in versions if v.is_adopted), None)


def default_version(concept: Concept) -> Version | None:
    """What exports and the public page show by default: the newest published version (an
    adopted version is shown to the public only once it is published too)."""
    return latest_published(concept)


def is_superseded(version: Version, adopted: Version | None) -> bool:
    """An adopted version is superseded once a later version has been adopted."""
    return adopted is not None and version.is_adopted and adopted.number > version.number


def provenance_breakdown(item_ids) -> dict[int, dict]:
    """item id -> where its contributions came from: online, event, import; organisations;
    duplicates merged into them. Two grouped queries."""
    item_ids = list(item_ids)
    found: dict[int, dict] = defaultdict(dict)
    if not item_ids:
        return found
    rows = db.session.execute(
        select(ItemLink.item_id, Contribution.source,
               func.count(Contribution.id), func.count(Contribution.organisation_id))
        .join(Contribution, Contribution.id == ItemLink.contribution_id)
        .where(ItemLink.item_id.in_(item_ids), ItemLink.removed_at.is_(None))
        .group_by(ItemLink.item_id, Contribution.source)).all()
    for item_id, source, count, organisations in rows:
        found[item_id][source] = count
        found[item_id]["organisations"] = found[item_id].get("organisations", 0) + organisations
    duplicate = db.aliased(Contribution)
    rows = db.session.execute(
        select(ItemLink.item_id, func.count(duplicate.id))
        .join(duplicate, duplicate.duplicate_of_id == ItemLink.contribution_id)
        .where(ItemLink.item_id.in_(item_ids), ItemLink.removed_at.is_(None),
               duplicate.outcome == "duplicate")
        .group_by(ItemLink.item_id)).all()
    for item_id, count in rows:
        found[item_id]["duplicates"] = count
    return found


# --- freezing and visibility ----------------------------------------------------------------

def freeze_version(concept: Concept, *, label: str, note: str = "", actor,
                   visibility: str = "internal") -> Version:
    """Copy the current draft (chapters, topics, items with provenance counts) into a new,
    numbered, immutable version."""
    label = (label or "").strip()
    if not label:
        raise VersionError(_("Bitte geben Sie der Fassung eine Bezeichnung."))
    if len(label) > MAX_LABEL:
        raise VersionError(_("Die Bezeichnung ist zu lang (höchstens %(max)d Zeichen).",
                             max=MAX_LABEL))
    if visibility not in VISIBILITIES:
        raise VersionError(_("Unbekannte Sichtbarkeit."))
    document = draft_document(concept)
    if not document.items:
        raise VersionError(_("Der Entwurf enthält noch keine Ziele oder Maßnahmen."))
    number = (db.session.scalar(select(func.max(Version.number))
                                .where(Version.concept_id == concept.id)) or 0) + 1
    note = (note or "").strip()
    version = Version(concept_id=concept.id, number=number, label=label, note=note,
                      note_html=render_markdown(note, profile="basic"), title=concept.title,
                      frozen_by_id=getattr(actor, "id", None), visibility=visibility,
                      published_at=utcnow() if visibility == "published" else None)
    db.session.add(version)
    db.session.flush()
    allow_copies(db.session, version)
    db.session.add_all(
        VersionChapter(version_id=version.id, chapter_id=c.id, slug=c.slug, title=c.title,
                       body=c.body, body_html=c.body_html, position=index)
        for index, c in enumerate(document.chapters, start=1))
    db.session.add_all(
        VersionTopic(version_id=version.id, topic_id=s.topic.id, kind=s.topic.kind,
                     slug=s.topic.slug, name=s.topic.name,
                     description_html=s.topic.description_html, position=index)
        for index, s in enumerate(document.sections, start=1))
    breakdown = provenance_breakdown(document.counts)
    rows = []
    # Positions follow the printed order, so that a version reads exactly like the draft did.
    for position, item in enumerate(document.items, start=1):
        rows.append(dict(
            version_id=version.id, item_id=item.id, topic_id=item.topic_id, kind=item.kind,
            parent_item_id=item.parent_id, text=item.text, text_html=item.text_html,
            responsible=item.responsible, partners=item.partners, timeframe=item.timeframe,
            example_by=item.example_by, example_where=item.example_where,
            example_link=item.example_link, themes=[[t.slug, t.name] for t in item.themes],
            position=position, source_count=document.counts.get(item.id, 0),
            sources=breakdown.get(item.id, {})))
    db.session.execute(VersionItem.__table__.insert(), rows)
    audit.record("version.frozen", version, actor=actor,
                 summary=f"{version.name}: {label}",
                 after={"number": number, "items": len(rows),
                        "chapters": len(document.chapters), "visibility": visibility})
    exports_later(version)
    return version


def exports_later(version: Version) -> None:
    """Queue the version's PDF and DOCX (rendered by the reports module's job after the
    commit): after freezing, publishing and each adoption, since each changes the title page."""
    key = f"version:{version.id}"
    jobs.enqueue("reports.version_exports", key, subject=key, version_id=version.id)


def set_visibility(version: Version, visibility: str, *, actor) -> None:
    if visibility not in VISIBILITIES:
        raise VersionError(_("Unbekannte Sichtbarkeit."))
    if visibility == version.visibility:
        return
    before = version.visibility
    version.visibility = visibility
    version.published_at = utcnow() if visibility == "published" else None
    db.session.flush()
    audit.record("version.visibility", version, actor=actor, summary=version.name,
                 before={"visibility": before}, after={"visibility": visibility})
    exports_later(version)


def record_adoption(version: Version, *, body: str, adopted_on: date, resolution: str = "",
                    document_ref: str = "", actor) -> Adoption:
    body = (body or "").strip()
    if not body:
        raise VersionError(_("Bitte nennen Sie das Gremium, das die Fassung beschlossen hat."))
    if adopted_on is None:
        raise VersionError(_("Bitte geben Sie das Datum des Beschlusses an."))
    if adopted_on > date.today():
        raise VersionError(_("Das Datum des Beschlusses liegt in der Zukunft."))
    adoption = Adoption(version=version, body=body[:200], adopted_on=adopted_on,
                        resolution=(resolution or "").strip(),
                        document_ref=(document_ref or "").strip()[:300],
                        recorded_by_id=getattr(actor, "id", None))
    db.session.add(adoption)
    db.session.flush()
    audit.record("version.adopted", version, actor=actor,
                 summary=f"{version.name}: {adoption.body}, {adopted_on.isoformat()}",
                 after={"body": adoption.body, "adopted_on": adopted_on.isoformat(),
                        "resolution": adoption.resolution,
                        "document_ref": adoption.document_ref})
    exports_later(version)
    return adoption


# --- review by the steering group -----------------------------------------------------------

def steering_members() -> list[User]:
    return list(db.session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == STEERING, User.active.is_(True), User.deleted_at.is_(None))
        .order_by(User.display_name, User.id)))


def open_review(version: Version, *, deadline: date, message: str = "", actor) -> Review:
    if version.open_review is not None:
        raise VersionError(_("Zu dieser Fassung läuft schon eine Prüfung."))
    if deadline is None or deadline < date.today():
        raise VersionError(_("Die Frist muss heute oder später sein."))
    review = Review(version=version, deadline=deadline, message=(message or "").strip(),
                    opened_by_id=getattr(actor, "id", None))
    db.session.add(review)
    db.session.flush()
    for member in steering_members():
        notify(member, "review", target=("versions.review", {"number": version.number}),
               number=version.number, label=version.label,
               deadline=format_date(deadline, "dd.MM.yyyy"))
    audit.record("review.opened", review, actor=actor, summary=version.name,
                 after={"deadline": deadline.isoformat()})
    return review


def close_review(review: Review, *, actor) -> None:
    if review.closed_at is not None:
        return
    review.closed_at = utcnow()
    db.session.flush()
    audit.record("review.closed", review, actor=actor, summary=review.version.name)


def record_verdict(review: Review, member: User, *, verdict: str, remark: str = "",
                   version_item: VersionItem | None = None,
                   version_chapter: VersionChapter | None = None) -> Verdict:
    """Record (or change) a member's verdict on one item or chapter of the reviewed version."""
    if not review.is_open:
        raise VersionError(_("Die Prüfung ist abgeschlossen."))
    if verdict not in VERDICTS:
        raise VersionError(_("Bitte wählen Sie Zustimmung, Zustimmung mit Anmerkungen oder "
                             "Einwand."))
    target = version_item or version_chapter
    if target is None or target.version_id != review.version_id:
        raise VersionError(_("Dieses Element gehört nicht zur geprüften Fassung."))
    remark = (remark or "").strip()
    if verdict != "agree" and not remark:
        raise VersionError(_("Bitte begründen Sie Ihren Einwand oder Ihre Anmerkung."))
    if len(remark) > MAX_REMARK:
        raise VersionError(_("Die Anmerkung ist zu lang (höchstens %(max)d Zeichen).",
                             max=MAX_REMARK))
    query = select(Verdict).where(Verdict.review_id == review.id, Verdict.user_id == member.id)
    query = query.where(Verdict.version_item_id == version_item.id) if version_item else \
        query.where(Verdict.version_chapter_id == version_chapter.id)
    row = db.session.scalar(query)
    if row is None:
        row = Verdict(review_id=review.id, user_id=member.id,
                      version_item_id=getattr(version_item, "id", None),
                      version_chapter_id=getattr(version_chapter, "id", None))
        db.session.add(row)
    elif (row.verdict, row.remark) == (verdict, remark):
        return row
    before = {"verdict": row.verdict, "remark": row.remark} if row.id else None
    row.verdict, row.remark, row.updated_at = verdict, remark, utcnow()
    db.session.flush()
    audit.record("review.verdict", row, actor=member,
                 summary=f"{review.version.name}: {getattr(target, 'label', None) or target.title}",
                 before=before, after={"verdict": verdict, "remark": remark})
    return row


def answer_remark(verdict: Verdict, *, answer: str, kind: str, actor) -> None:
    answer = (answer or "").strip()
    if not verdict.remark:
        raise VersionError(_("Zu diesem Votum gibt es keine Anmerkung."))
    if kind not in ANSWER_KINDS:
        raise VersionError(_("Bitte wählen Sie, wie die Anmerkung beantwortet wird."))
    if not answer:
        raise VersionError(_("Bitte schreiben Sie eine Antwort."))
    before = {"answer": verdict.answer, "answer_kind": verdict.answer_kind} \
        if verdict.answer else None
    verdict.answer, verdict.answer_kind = answer, kind
    verdict.answered_at, verdict.answered_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()
    number = verdict.review.version.number
    notify(verdict.user, "remark_answered", target=review_target(verdict), number=number)
    audit.record("review.answered", verdict, actor=actor, summary=f"Fassung {number}",
                 before=before, after={"answer": answer, "answer_kind": kind})


def agree_to_the_rest(review: Review, member: User, *, version_items=(),
                      version_chapters=()) -> int:
    """Record "agree" for every given item and chapter the member has no verdict on yet
    (a part of the review in one step); verdicts already given stay. Returns how many."""
    given = {(v.version_item_id, v.version_chapter_id)
             for v in verdicts_of(review, user=member)}
    added = 0
    for item in version_items:
        if (item.id, None) not in given:
            record_verdict(review, member, verdict="agree", version_item=item)
            added += 1
    for chapter in version_chapters:
        if (None, chapter.id) not in given:
            record_verdict(review, member, verdict="agree", version_chapter=chapter)
            added += 1
    return added


def review_target(verdict: Verdict) -> tuple[str, dict]:
    """Where a member finds a verdict (and its answer) on the review pages (a route and its
    parameters, as notifications store them)."""
    version = verdict.review.version
    if verdict.version_chapter_id:
        return ("versions.review", {"number": version.number, "part": "chapters",
                                    "_anchor": f"chapter-{verdict.version_chapter_id}"})
    item = verdict.version_item
    slug = next((t.slug for t in version.topics if t.topic_id == item.topic_id), "")
    return ("versions.review", {"number": version.number, "part": slug,
                                "_anchor": f"item-{item.id}"})


def _verdict_loads():
    """Verdicts show their member's and answerer's names: load those users with the verdict."""
    return (joinedload(Verdict.user), joinedload(Verdict.answered_by))


def verdicts_of(review: Review, *, user: User | None = None) -> list[Verdict]:
    query = select(Verdict).where(Verdict.review_id == review.id).options(*_verdict_loads())
    if user is not None:
        query = query.where(Verdict.user_id == user.id)
    return list(db.session.scalars(query.order_by(Verdict.id)))


@dataclass
class ReviewProgress:
    reviewed: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.reviewed / self.total) if self.total else 100


def review_progress(review: Review, verdicts: list[Verdict], document: ConceptDocument,
                    ) -> ReviewProgress:
    return ReviewProgress(len(verdicts), len(document.items) + len(document.chapters))


@dataclass
class MatrixRow:
    target: VersionItem | VersionChapter
    verdicts: dict  # user id -> Verdict

    @property
    def objections(self) -> int:
        return sum(1 for v in self.verdicts.values() if v.verdict == "object")

    @property
    def remarks(self) -> list[Verdict]:
        return [v for v in self.verdicts.values() if v.remark]


def review_matrix(review: Review, document: ConceptDocument) -> tuple[list[User], list[MatrixRow]]:
    """Members × items and chapters; rows with objections first, then those with remarks,
    then the rest in the document's order."""
    verdicts = verdicts_of(review)
    members = {m.id: m for m in steering_members()}
    for v in verdicts:
        members.setdefault(v.user_id, v.user)
    by_item, by_chapter = defaultdict(dict), defaultdict(dict)
    for v in verdicts:
        if v.version_item_id:
            by_item[v.version_item_id][v.user_id] = v
        else:
            by_chapter[v.version_chapter_id][v.user_id] = v
    rows = [MatrixRow(c, by_chapter[c.id]) for c in document.chapters]
    rows += [MatrixRow(i, by_item[i.id]) for i in document.items]
    order = {id(r): n for n, r in enumerate(rows)}
    rows.sort(key=lambda r: (-r.objections, -len(r.remarks), order[id(r)]))
    return sorted(members.values(), key=lambda m: (m.display_name or "", m.id)), rows


# --- remarks on draft items (for the workbench and the item page) --------------------------

@dataclass
class ItemRemarks:
    verdicts: list[Verdict] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.verdicts) + len(self.contributions)


def remarks_on_items(item_ids, *, with_contributions: bool = True) -> dict[int, ItemRemarks]:
    """Draft item id -> the steering group's remarks (from the review of any version) and
    partners' remarks (contributions of kind "remark"). Two queries."""
    item_ids = list(item_ids)
    found: dict[int, ItemRemarks] = defaultdict(ItemRemarks)
    if not item_ids:
        return found
    rows = db.session.execute(
        select(Verdict, VersionItem.item_id)
        .join(VersionItem, VersionItem.id == Verdict.version_item_id)
        .where(VersionItem.item_id.in_(item_ids), Verdict.remark != "")
        .options(joinedload(Verdict.review).joinedload(Review.version), *_verdict_loads())
        .order_by(Verdict.id)).all()
    for verdict, item_id in rows:
        found[item_id].verdicts.append(verdict)
    if with_contributions:
        remarks = db.session.scalars(
            select(Contribution).where(Contribution.item_id.in_(item_ids),
                                       Contribution.kind == "remark",
                                       or_(Contribution.status == "published",
                                           Contribution.status == "hidden"))
            .options(*contribution_list_loads(themes=False)).order_by(Contribution.id))
        for contribution in remarks:
            found[contribution.item_id].contributions.append(contribution)
    return found


def remark_counts(item_ids) -> dict[int, int]:
    """Draft item id -> number of remarks (verdict remarks and remark contributions)."""
    item_ids = list(item_ids)
    if not item_ids:
        return {}
    counts: dict[int, int] = defaultdict(int)
    for item_id, n in db.session.execute(
            select(VersionItem.item_id, func.count(Verdict.id))
            .join(Verdict, Verdict.version_item_id == VersionItem.id)
            .where(VersionItem.item_id.in_(item_ids), Verdict.remark != "")
            .group_by(VersionItem.item_id)):
        counts[item_id] += n
    for item_id, n in db.session.execute(
            select(Contribution.item_id, func.count(Contribution.id))
            .where(Contribution.item_id.in_(item_ids), Contribution.kind == "remark",
                   Contribution.status == "published")
            .group_by(Contribution.item_id)):
        counts[item_id] += n
    return counts


def item_count(version: Version) -> int:
    return db.session.scalar(select(func.count(VersionItem.id))
                             .where(VersionItem.version_id == version.id)) or 0


def version_items_by_ref(version: Version) -> dict[int, VersionItem]:
    return {vi.item_id: vi for vi in db.session.scalars(
        select(VersionItem).where(VersionItem.version_id == version.id))}


def chapter_by_id(version: Version, chapter_id: int) -> VersionChapter | None:
    return next((c for c in version.chapters if c.id == chapter_id), None)


def draft_items_of_version(version: Version) -> list[Item]:
    """The live draft items a version was copied from (e.g. for remarks in a network round)."""
    return list(db.session.scalars(
        select(Item).join(VersionItem, VersionItem.item_id == Item.id)
        .where(VersionItem.version_id == version.id).order_by(VersionItem.position)))


# --- remarks in a round on a version -------------------------------------------------------------

def remark_items(round_) -> dict:
    """str(item id) -> draft item, for the items of the round's version in its topics (the
    caller, contributions, has checked that the round is on a version and accepts remarks)."""
    topic_ids = {t.id for t in round_.topics}
    return {str(i.id): i for i in draft_items_of_version(round_.version)
            if i.topic_id in topic_ids}


def _in_version(item, version_id: int) -> bool:
    return db.session.scalar(select(func.count(VersionItem.id)).where(
        VersionItem.version_id == version_id, VersionItem.item_id == item.id)) > 0


register_remark_targets(RemarkTargets(items=remark_items, in_version=_in_version))


def sources_of_items(item_ids) -> dict[int, list[Contribution]]:
    """Draft item id -> the contributions linked to it now (for reviewers judging how an item
    was derived); hidden and pending ones left out. One query."""
    found: dict[int, list[Contribution]] = defaultdict(list)
    rows = db.session.execute(
        select(ItemLink.item_id, Contribution)
        .join(Contribution, Contribution.id == ItemLink.contribution_id)
        .where(ItemLink.item_id.in_(list(item_ids)), ItemLink.removed_at.is_(None),
               Contribution.status == "published")
        .options(*contribution_list_loads())
        .order_by(Contribution.created_at, Contribution.id)).all()
    for item_id, contribution in rows:
        found[item_id].append(contribution)
    return found


register_item_remarks(remarks_on_items)
register_version_choices(versions_of)
