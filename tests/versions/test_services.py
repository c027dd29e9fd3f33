"""Use cases of versions: freezing (numbering, copies, provenance), the concept as a document,
which version is shown by default, adoption, the steering group's review (verdicts, answers,
the overview matrix), remarks on draft items, and remarks in a round on a version."""

from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.concepts import services as concepts
from app.contributions.services import ContributionError, create_contribution
from app.core.outbox import OutboxMessage
from app.core.urls import absolute_link
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import message_for, target_url
from app.versions import services as versions
from app.versions.models import Review, Version, VersionChapter, VersionTopic
from app.versions.services import VersionError
from app.workbench import services as workbench
from tests.versions.helpers import audit_entries, document_text, version_items


def notifications(user, kind) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == kind).order_by(Notification.id)))


def version_count() -> int:
    return db.session.scalar(select(func.count(Version.id)))


def open_review_of(version, days=14) -> Review:
    """An open review built directly (see the `review` fixture)."""
    review = Review(version=version, deadline=date.today() + timedelta(days=days))
    db.session.add(review)
    db.session.commit()
    return review


# --- freezing -----------------------------------------------------------------------------

def test_versions_are_numbered_per_concept(concept, draft, freeze, make_concept, make_item,
                                           moderator):
    first, second = freeze("Erster Entwurf"), freeze("Zweiter Entwurf")
    assert (first.number, second.number) == (1, 2)

    other = make_concept(topics=(("sprache", "Sprache", "field"),))
    make_item(other.topics[0], "main_goal", "Ein anderes Konzept")
    elsewhere = versions.freeze_version(other, label="Anderswo", actor=moderator)
    db.session.commit()
    assert elsewhere.number == 1

    assert versions.versions_of(concept, user=moderator) == [second, first]
    assert versions.versions_of(concept, user=None) == []
    assert versions.version_by_number(concept, 2) == second
    assert versions.version_by_number(concept, 3) is None


def test_freezing_copies_chapters_topics_and_the_items_in_printed_order(
        concept, draft, theme, freeze, moderator):
    version = freeze(" Entwurf nach der Dialogveranstaltung ", note="Mit **allen** Ergebnissen.")

    assert version.label == "Entwurf nach der Dialogveranstaltung"
    assert version.note == "Mit **allen** Ergebnissen."
    assert "<strong>allen</strong>" in version.note_html
    assert version.title == concept.title
    assert version.frozen_by_id == moderator.id and version.frozen_at is not None
    assert version.visibility == "internal" and version.published_at is None

    assert [(c.chapter_id, c.slug, c.title, c.body, c.body_html, c.position)
            for c in version.chapters] == [
        (c.id, c.slug, c.title, c.body, c.body_html, n)
        for n, c in enumerate(concept.chapters, start=1)]
    assert [(t.topic_id, t.slug, t.name, t.kind, t.description_html, t.position)
            for t in version.topics] == [
        (t.id, t.slug, t.name, t.kind, t.description_html, n)
        for n, t in enumerate(concept.topics, start=1)]
    assert [t.slug for t in version.topics] == ["sprache", "arbeit", "antidiskriminierung"]

    rows = version_items(version)
    # Every item that is not withdrawn, in the order the concept prints them.
    assert [r.item_id for r in rows] == [i.id for i in draft.printed]
    assert [r.position for r in rows] == list(range(1, len(draft.printed) + 1))
    assert draft.dropped.id not in {r.item_id for r in rows}
    assert draft.gone.id not in {r.item_id for r in rows}

    by_ref = versions.version_items_by_ref(version)
    measure = by_ref[draft.interpreters.id]
    assert (measure.topic_id, measure.kind, measure.parent_item_id) == (
        draft.interpreters.topic_id, "measure", draft.mediation.id)
    assert (measure.text, measure.text_html) == (draft.interpreters.text,
                                                 draft.interpreters.text_html)
    assert (measure.responsible, measure.partners, measure.timeframe) == (
        "Amt für Migration", "Caritas, Diakonie", "ab 2018")
    assert measure.themes == [["antidiskriminierung", "Antidiskriminierung"]]
    best = by_ref[draft.best.id]
    assert (best.example_by, best.example_where, best.example_link) == (
        "Verein Brücke", "Konstanz", "https://example.org/sprachcafe")
    assert by_ref[draft.orphan.id].parent_item_id == draft.dropped.id  # kept, printed unplaced
    assert all(r.source_count == 0 and r.sources == {} for r in rows)


def test_freezing_writes_the_audit_log(concept, draft, version, moderator):
    (entry,) = audit_entries("version.frozen")
    assert (entry.object_type, entry.object_id, entry.actor_id) == (
        "versions", version.id, moderator.id)
    assert entry.after == {"number": 1, "items": len(draft.printed), "chapters": 2,
                           "visibility": "internal"}
    assert "Entwurf nach der Dialogveranstaltung" in entry.summary


def test_a_version_can_be_published_when_frozen(concept, draft, freeze, moderator):
    version = freeze(visibility="published")
    assert version.is_published and version.published_at is not None
    with pytest.raises(VersionError):
        versions.freeze_version(concept, label="x", actor=moderator, visibility="public")
    assert version_count() == 1


@pytest.mark.parametrize("label", ["", "   ", None, "x" * 201])
def test_a_label_is_required_and_short(concept, draft, moderator, label):
    with pytest.raises(VersionError):
        versions.freeze_version(concept, label=label, actor=moderator)
    assert version_count() == 0


def test_a_label_of_200_characters_is_fine(draft, freeze):
    assert freeze("x" * 200).label == "x" * 200


def test_an_empty_draft_is_not_frozen(concept, topic, make_item, moderator):
    with pytest.raises(VersionError):
        versions.freeze_version(concept, label="Leer", actor=moderator)
    item = make_item(topic, "main_goal", "Gleich wieder weg")
    concepts.withdraw_item(item, reason="Versehen", actor=moderator)
    db.session.commit()
    with pytest.raises(VersionError):
        versions.freeze_version(concept, label="Nur Zurückgezogenes", actor=moderator)
    assert version_count() == 0
    assert audit_entries("version.frozen") == []


def test_freezing_records_the_provenance_of_each_item(draft, freeze, round_, topic, moderator,
                                                      make_contribution, make_organisation):
    def contribute(source="online", **kwargs):
        contribution = make_contribution(round=round_, topic=topic, **kwargs)
        contribution.source = source
        db.session.commit()
        return contribution

    organisation = make_organisation(name="Deutsch-Türkischer Verein", verified=True)
    online = contribute()
    by_organisation = contribute(organisation=organisation)
    card = contribute("event")
    imported = contribute("import")
    unlinked = contribute()
    twins = [contribute(), contribute("event")]
    echo = contribute("import")

    workbench.link_contributions([online, by_organisation, card, imported, unlinked],
                                 draft.interpreters, actor=moderator)
    workbench.link_contributions([imported], draft.main, actor=moderator)
    db.session.flush()
    (link,) = [lk for lk in workbench.active_links(item_ids=[draft.interpreters.id])
               if lk.contribution_id == unlinked.id]
    workbench.unlink(link, actor=moderator)
    workbench.mark_duplicates(twins, online, actor=moderator)
    workbench.mark_duplicates([echo], imported, actor=moderator)
    db.session.commit()

    by_ref = versions.version_items_by_ref(freeze())
    interpreters, main = by_ref[draft.interpreters.id], by_ref[draft.main.id]
    assert interpreters.source_count == 4  # the removed link does not count
    assert interpreters.sources == {"online": 2, "event": 1, "import": 1, "organisations": 1,
                                    "duplicates": 3}
    assert main.source_count == 1
    assert main.sources == {"import": 1, "organisations": 0, "duplicates": 1}
    assert by_ref[draft.evening.id].source_count == 0 and by_ref[draft.evening.id].sources == {}


# --- the concept as a document ------------------------------------------------------------

def test_version_and_draft_read_the_same_right_after_freezing(
        concept, draft, round_, topic, moderator, make_contribution, freeze):
    contributions = [make_contribution(round=round_, topic=topic) for _ in range(3)]
    workbench.link_contributions(contributions, draft.interpreters, actor=moderator)
    workbench.link_contributions(contributions[:1], draft.work_main, actor=moderator)
    db.session.commit()
    version = freeze()
    db.session.expire_all()

    frozen = versions.version_document(db.session.get(Version, version.id))
    current = versions.draft_document(concept)
    assert document_text(frozen) == document_text(current)
    assert [frozen.item_ref(i) for i in frozen.items] == [i.id for i in draft.printed]
    assert [current.item_ref(i) for i in current.items] == [i.id for i in draft.printed]
    assert len(frozen.items) == len(current.items) == 10
    assert len(frozen.chapters) == len(current.chapters) == 2
    assert [frozen.count(i) for i in frozen.items] == [current.count(i) for i in current.items]
    assert frozen.count(frozen.items[5]) == 3  # the interpreters measure
    assert [s.topic.slug for s in frozen.fields] == ["sprache", "arbeit"]
    assert [s.topic.slug for s in frozen.crosscutting] == ["antidiskriminierung"]
    assert frozen.version.id == version.id and current.version is None
    sprache = frozen.sections[0].draft
    assert [frozen.item_ref(m) for m in sprache.unplaced_measures] == [draft.orphan.id]
    assert [(frozen.item_ref(s.item), [frozen.item_ref(m) for m in s.measures])
            for s in sprache.sub_goals] == [
        (draft.courses.id, [draft.evening.id, draft.childcare.id]),
        (draft.mediation.id, [draft.interpreters.id])]


# --- which version is shown ---------------------------------------------------------------

def test_default_version_is_the_newest_published_one(concept, draft, freeze, moderator):
    assert versions.default_version(concept) is None
    assert versions.latest_published(concept) is None
    assert versions.latest_adopted(concept, user=moderator) is None

    first = freeze("Erster Entwurf")
    assert versions.default_version(concept) is None  # internal only

    versions.set_visibility(first, "published", actor=moderator)
    second = freeze("Zweiter Entwurf")
    third = freeze("Dritter Entwurf")
    assert versions.latest_published(concept) == first
    assert versions.default_version(concept) == first

    versions.record_adoption(second, body="Sozialausschuss", adopted_on=date(2017, 11, 27),
                             actor=moderator)
    db.session.commit()
    assert versions.latest_adopted(concept, user=moderator) == second
    # An adopted version reaches the public only once it is published too.
    assert versions.latest_adopted(concept, user=None) is None
    assert versions.default_version(concept) == first

    versions.set_visibility(third, "published", actor=moderator)
    db.session.commit()
    assert versions.latest_published(concept) == third
    assert versions.latest_adopted(concept, user=moderator) == second
    assert versions.default_version(concept) == third


def test_an_adopted_version_is_superseded_by_a_later_adoption(concept, draft, freeze, moderator):
    first, second, third = freeze("Eins"), freeze("Zwei"), freeze("Drei")
    versions.record_adoption(first, body="Sozialausschuss", adopted_on=date(2017, 11, 27),
                             actor=moderator)
    db.session.commit()
    adopted = versions.latest_adopted(concept, user=moderator)
    assert not versions.is_superseded(first, adopted)

    versions.record_adoption(second, body="Steuerungsgruppe Integration",
                             adopted_on=date(2017, 12, 12), actor=moderator)
    db.session.commit()
    adopted = versions.latest_adopted(concept, user=moderator)
    assert adopted == second
    assert versions.is_superseded(first, adopted)
    assert not versions.is_superseded(second, adopted)
    assert not versions.is_superseded(third, adopted)  # never adopted, so never superseded
    assert not versions.is_superseded(first, None)


# --- adoption -----------------------------------------------------------------------------

def test_record_adoption(version, moderator):
    adoption = versions.record_adoption(
        version, body=" Sozialausschuss ", adopted_on=date(2017, 11, 27),
        resolution="Der Ausschuss stimmt dem Entwurf zu.", document_ref=" Drucksache 2017/123 ",
        actor=moderator)
    db.session.commit()
    assert (adoption.body, adoption.adopted_on, adoption.document_ref) == (
        "Sozialausschuss", date(2017, 11, 27), "Drucksache 2017/123")
    assert adoption.recorded_by_id == moderator.id
    db.session.expire_all()
    version = db.session.get(Version, version.id)
    assert version.is_adopted and [a.body for a in version.adoptions] == ["Sozialausschuss"]
    (entry,) = audit_entries("version.adopted")
    assert (entry.object_type, entry.object_id, entry.actor_id) == (
        "versions", version.id, moderator.id)
    assert entry.after["body"] == "Sozialausschuss"
    assert entry.after["adopted_on"] == "2017-11-27"
    assert entry.after["resolution"] == "Der Ausschuss stimmt dem Entwurf zu."


@pytest.mark.parametrize(("body", "adopted_on"), [
    ("", date(2017, 11, 27)),
    ("   ", date(2017, 11, 27)),
    ("Kreistag", None),
    ("Kreistag", "tomorrow"),
])
def test_adoption_needs_a_body_and_a_date_not_in_the_future(version, moderator, body,
                                                            adopted_on):
    if adopted_on == "tomorrow":  # as of the test, not of its collection (a run past midnight)
        adopted_on = date.today() + timedelta(days=1)
    with pytest.raises(VersionError):
        versions.record_adoption(version, body=body, adopted_on=adopted_on, actor=moderator)
    db.session.commit()
    assert not db.session.get(Version, version.id).is_adopted
    assert audit_entries("version.adopted") == []


def test_adoption_today_is_fine(version, moderator):
    versions.record_adoption(version, body="Kreistag", adopted_on=date.today(), actor=moderator)
    db.session.commit()
    assert version.is_adopted


# --- opening and closing a review ---------------------------------------------------------

def test_open_review_notifies_every_active_steering_member(version, members, make_user,
                                                           moderator, participant):
    retired = make_user(roles={"steering"}, display_name="Rita Ruhestand", active=False)
    deadline = date.today() + timedelta(days=21)
    review = versions.open_review(version, deadline=deadline, message=" Bitte bis Ende Juni. ",
                                  actor=moderator)
    db.session.commit()

    assert review.is_open and review.message == "Bitte bis Ende Juni."
    assert review.opened_by_id == moderator.id and review.deadline == deadline
    assert version.open_review == review
    for member in members:
        (notification,) = notifications(member, "review")
        assert target_url(notification) == absolute_link("/review/1")
        assert notification.params["number"] == 1
    for user in (retired, moderator, participant):
        assert notifications(user, "review") == []
    (entry,) = audit_entries("review.opened")
    assert (entry.object_type, entry.object_id, entry.actor_id) == (
        "reviews", review.id, moderator.id)
    assert entry.after == {"deadline": deadline.isoformat()}


def test_only_one_open_review_and_a_deadline_not_in_the_past(version, members, moderator):
    with pytest.raises(VersionError):
        versions.open_review(version, deadline=date.today() - timedelta(days=1),
                             actor=moderator)
    with pytest.raises(VersionError):
        versions.open_review(version, deadline=None, actor=moderator)
    assert db.session.scalar(select(func.count(Review.id))) == 0

    first = versions.open_review(version, deadline=date.today(), actor=moderator)
    db.session.commit()
    with pytest.raises(VersionError):
        versions.open_review(version, deadline=date.today() + timedelta(days=7),
                             actor=moderator)

    versions.close_review(first, actor=moderator)
    db.session.commit()
    assert not first.is_open and first.closed_at is not None
    assert version.open_review is None
    closed_at = first.closed_at
    versions.close_review(first, actor=moderator)  # closing twice changes nothing
    assert first.closed_at == closed_at
    assert len(audit_entries("review.closed")) == 1
    assert audit_entries("review.closed")[0].object_id == first.id

    second = versions.open_review(version, deadline=date.today() + timedelta(days=7),
                                  actor=moderator)
    db.session.commit()
    assert version.open_review == second


def test_review_notifications_are_mailed_and_read_as_messages(version, members, moderator,
                                                               review):
    """Members who want e-mails immediately (the default) get one, in their words."""
    selma, tarek = members
    tarek.notify_email = "never"
    db.session.commit()
    versions.close_review(review, actor=moderator)
    versions.open_review(version, deadline=date(2099, 6, 30), actor=moderator)
    db.session.commit()
    mails = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [m.recipient for m in mails] == [selma.email]
    assert mails[0].kind == "notification:review" and "/review/1" in mails[0].body
    (notification,) = notifications(selma, "review")
    with force_locale("de"):
        text = message_for(notification)
    assert "Entwurf nach der Dialogveranstaltung" in text and "30.06.2099" in text
    answered = Notification(user_id=selma.id, kind="remark_answered",
                            link="/review/1#verdict-1", params={"number": 1})
    with force_locale("de"):
        assert "Fassung 1" in message_for(answered)


# --- verdicts -----------------------------------------------------------------------------

def test_agree_needs_no_remark(review, version, member, draft):
    item = versions.version_items_by_ref(version)[draft.main.id]
    verdict = versions.record_verdict(review, member, verdict="agree", version_item=item)
    db.session.commit()
    assert (verdict.verdict, verdict.remark, verdict.user_id, verdict.version_item_id) == (
        "agree", "", member.id, item.id)
    assert verdict.version_chapter_id is None
    (entry,) = audit_entries("review.verdict")
    assert (entry.object_type, entry.actor_id, entry.before) == ("verdicts", member.id, None)
    assert entry.after == {"verdict": "agree", "remark": ""}


@pytest.mark.parametrize("verdict", ["object", "agree_with_remarks"])
@pytest.mark.parametrize("remark", ["", "   "])
def test_objections_and_remarks_need_a_text(review, version, member, draft, verdict, remark):
    item = versions.version_items_by_ref(version)[draft.main.id]
    with pytest.raises(VersionError):
        versions.record_verdict(review, member, verdict=verdict, remark=remark,
                                version_item=item)
    assert versions.verdicts_of(review) == []


def test_unknown_verdicts_and_long_remarks_are_refused(review, version, member, draft):
    item = versions.version_items_by_ref(version)[draft.main.id]
    with pytest.raises(VersionError):
        versions.record_verdict(review, member, verdict="maybe", remark="?", version_item=item)
    with pytest.raises(VersionError):
        versions.record_verdict(review, member, verdict="object", remark="x" * 3001,
                                version_item=item)
    versions.record_verdict(review, member, verdict="object", remark="x" * 3000,
                            version_item=item)


def test_a_verdict_concerns_an_item_or_chapter_of_the_reviewed_version(review, version, member,
                                                                       draft, freeze):
    later = freeze("Spätere Fassung")
    with pytest.raises(VersionError):
        versions.record_verdict(review, member, verdict="agree",
                                version_item=versions.version_items_by_ref(later)[draft.main.id])
    with pytest.raises(VersionError):
        versions.record_verdict(review, member, verdict="agree",
                                version_chapter=later.chapters[0])
    with pytest.raises(VersionError):
        versions.record_verdict(review, member, verdict="agree")
    assert versions.verdicts_of(review) == []


def test_changing_a_verdict_updates_the_same_row(review, version, member, draft):
    item = versions.version_items_by_ref(version)[draft.interpreters.id]
    first = versions.record_verdict(review, member, verdict="object", remark="Zu teuer.",
                                    version_item=item)
    db.session.commit()
    again = versions.record_verdict(review, member, verdict="object", remark="Zu teuer.",
                                    version_item=item)
    changed = versions.record_verdict(review, member, verdict="agree_with_remarks",
                                      remark="  Nach Rücksprache: in Ordnung.  ",
                                      version_item=item)
    db.session.commit()
    assert first.id == again.id == changed.id
    (row,) = versions.verdicts_of(review)
    assert (row.verdict, row.remark) == ("agree_with_remarks", "Nach Rücksprache: in Ordnung.")
    entries = audit_entries("review.verdict")
    assert len(entries) == 2  # repeating the same verdict is no change
    assert entries[1].before == {"verdict": "object", "remark": "Zu teuer."}
    assert entries[1].after == {"verdict": "agree_with_remarks",
                                "remark": "Nach Rücksprache: in Ordnung."}


def test_verdicts_on_chapters(review, version, members, draft):
    member, other = members
    chapter = version.chapters[0]
    item = versions.version_items_by_ref(version)[draft.main.id]
    on_chapter = versions.record_verdict(review, member, verdict="object",
                                         remark="Das Vorwort nennt kein Datum.",
                                         version_chapter=chapter)
    on_item = versions.record_verdict(review, member, verdict="agree", version_item=item)
    by_other = versions.record_verdict(review, other, verdict="agree", version_chapter=chapter)
    changed = versions.record_verdict(review, member, verdict="agree", version_chapter=chapter)
    db.session.commit()
    assert changed.id == on_chapter.id
    assert len({on_chapter.id, on_item.id, by_other.id}) == 3
    assert (changed.version_chapter_id, changed.version_item_id) == (chapter.id, None)
    assert [v.id for v in versions.verdicts_of(review, user=member)] == [on_chapter.id,
                                                                          on_item.id]
    assert "Vorwort" in audit_entries("review.verdict")[0].summary


def test_a_closed_or_expired_review_takes_no_verdicts(review, version, member, draft,
                                                      moderator):
    item = versions.version_items_by_ref(version)[draft.main.id]
    review.deadline = date.today() - timedelta(days=1)
    db.session.commit()
    with pytest.raises(VersionError):
        versions.record_verdict(review, member, verdict="agree", version_item=item)

    review.deadline = date.today() + timedelta(days=1)
    versions.close_review(review, actor=moderator)
    db.session.commit()
    with pytest.raises(VersionError):
        versions.record_verdict(review, member, verdict="agree", version_item=item)
    assert versions.verdicts_of(review) == []


# --- answering remarks --------------------------------------------------------------------

def test_staff_answer_a_remark_and_the_member_is_told(review, version, member, draft,
                                                      moderator):
    item = versions.version_items_by_ref(version)[draft.interpreters.id]
    verdict = versions.record_verdict(review, member, verdict="object",
                                      remark="Wer bezahlt den Pool?", version_item=item)
    db.session.commit()

    versions.answer_remark(verdict, answer=" Der Landkreis, siehe Fassung 2. ", kind="resolved",
                           actor=moderator)
    db.session.commit()
    assert (verdict.answer, verdict.answer_kind) == ("Der Landkreis, siehe Fassung 2.",
                                                     "resolved")
    assert verdict.answered_by_id == moderator.id and verdict.answered_at is not None
    (notification,) = notifications(member, "remark_answered")
    # It leads to the item's part of the review, where the member reads the answer.
    slug = next(t.slug for t in version.topics if t.topic_id == item.topic_id)
    assert target_url(notification) == absolute_link(f"/review/1?part={slug}#item-{item.id}")
    (entry,) = audit_entries("review.answered")
    assert (entry.object_type, entry.object_id, entry.actor_id, entry.before) == (
        "verdicts", verdict.id, moderator.id, None)
    assert entry.after == {"answer": "Der Landkreis, siehe Fassung 2.",
                           "answer_kind": "resolved"}

    versions.answer_remark(verdict, answer="Erläutert in der Sitzung.", kind="explained",
                           actor=moderator)
    db.session.commit()
    assert audit_entries("review.answered")[1].before == {
        "answer": "Der Landkreis, siehe Fassung 2.", "answer_kind": "resolved"}


def test_an_answer_needs_a_remark_a_text_and_a_kind(review, version, member, draft, moderator):
    by_ref = versions.version_items_by_ref(version)
    silent = versions.record_verdict(review, member, verdict="agree",
                                     version_item=by_ref[draft.main.id])
    remark = versions.record_verdict(review, member, verdict="agree_with_remarks",
                                     remark="Bitte konkreter.",
                                     version_item=by_ref[draft.evening.id])
    db.session.commit()
    with pytest.raises(VersionError):
        versions.answer_remark(silent, answer="Danke.", kind="explained", actor=moderator)
    with pytest.raises(VersionError):
        versions.answer_remark(remark, answer="   ", kind="explained", actor=moderator)
    with pytest.raises(VersionError):
        versions.answer_remark(remark, answer="Danke.", kind="", actor=moderator)
    with pytest.raises(VersionError):
        versions.answer_remark(remark, answer="Danke.", kind="ignored", actor=moderator)
    db.session.commit()
    assert remark.answer == "" and remark.answered_at is None
    assert notifications(member, "remark_answered") == []
    assert audit_entries("review.answered") == []


# --- the review overview ------------------------------------------------------------------

def test_review_matrix_puts_objections_first_then_remarks(review, version, members, draft,
                                                          make_user):
    selma, tarek = members
    zora = make_user(roles={"steering"}, display_name="Zora Zuletzt")
    make_user(roles={"steering"}, display_name="Inge Inaktiv", active=False)
    former = make_user(roles={"steering"}, display_name="Olaf Ehemalig")
    by_ref = versions.version_items_by_ref(version)
    chapter, other_chapter = version.chapters

    def vote(user, target, verdict, remark=""):
        key = "version_chapter" if isinstance(target, VersionChapter) else "version_item"
        return versions.record_verdict(review, user, verdict=verdict, remark=remark,
                                       **{key: target})

    vote(selma, by_ref[draft.interpreters.id], "object", "Zu teuer.")
    vote(tarek, by_ref[draft.interpreters.id], "object", "Unklar, wer zuständig ist.")
    vote(tarek, chapter, "object", "Das Vorwort nennt kein Datum.")
    vote(selma, by_ref[draft.evening.id], "agree_with_remarks", "Abends ist schwierig.")
    vote(selma, by_ref[draft.main.id], "agree")
    vote(former, by_ref[draft.main.id], "agree")
    former.role_rows = [r for r in former.role_rows if r.role != "steering"]
    db.session.commit()

    document = versions.version_document(version)
    people, rows = versions.review_matrix(review, document)

    assert [p.display_name for p in people] == ["Olaf Ehemalig", "Selma Steuerung",
                                                "Tarek Träger", "Zora Zuletzt"]
    assert zora in people
    targets = [row.target for row in rows]
    printed_rest = [by_ref[i.id] for i in draft.printed
                    if i not in (draft.interpreters, draft.evening)]
    assert targets == [by_ref[draft.interpreters.id], chapter, by_ref[draft.evening.id],
                       other_chapter, *printed_rest]
    first = rows[0]
    assert first.objections == 2 and len(first.remarks) == 2
    assert set(first.verdicts) == {selma.id, tarek.id}
    assert rows[2].objections == 0 and [v.remark for v in rows[2].remarks] == [
        "Abends ist schwierig."]
    main_row = rows[targets.index(by_ref[draft.main.id])]
    assert set(main_row.verdicts) == {selma.id, former.id} and main_row.remarks == []


def test_review_progress_counts_items_and_chapters(review, version, member, draft):
    by_ref = versions.version_items_by_ref(version)
    versions.record_verdict(review, member, verdict="agree", version_item=by_ref[draft.main.id])
    versions.record_verdict(review, member, verdict="agree",
                            version_chapter=version.chapters[0])
    versions.record_verdict(review, member, verdict="agree",
                            version_item=by_ref[draft.courses.id])
    document = versions.version_document(version)
    progress = versions.review_progress(review, versions.verdicts_of(review, user=member),
                                        document)
    assert (progress.reviewed, progress.total, progress.percent) == (3, 12, 25)


# --- remarks on draft items ---------------------------------------------------------------

@pytest.fixture
def network_round(make_round, concept):
    """A network round on a version, taking remarks (and measures)."""

    def make(version, **kwargs):
        round_ = make_round(concept=concept, kind="network", kinds=("remark", "measure"),
                            **kwargs)
        round_.version_id = version.id
        db.session.commit()
        return round_

    return make


def remark(round_, author, item, *, title, topic=None, kind="remark"):
    contribution, created = create_contribution(
        round_, author=author, kind=kind, topic=topic or item.topic, title=title,
        body="Eine Anmerkung zu diesem Element.", item=item)
    db.session.commit()
    assert created
    return contribution


def test_remarks_of_every_version_reach_the_draft_item(review, version, members, draft, freeze,
                                                       network_round, make_user, moderator):
    selma, tarek = members
    first_copy = versions.version_items_by_ref(version)[draft.interpreters.id]
    on_first = versions.record_verdict(review, selma, verdict="object", remark="Zu teuer.",
                                       version_item=first_copy)
    versions.record_verdict(review, tarek, verdict="agree", version_item=first_copy)
    versions.close_review(review, actor=moderator)
    db.session.commit()

    second = freeze("Zweiter Entwurf")
    second_review = open_review_of(second)
    on_second = versions.record_verdict(
        second_review, tarek, verdict="agree_with_remarks", remark="Besser, aber knapp.",
        version_item=versions.version_items_by_ref(second)[draft.interpreters.id])
    round_ = network_round(second)
    partners = [make_user(display_name=f"Partner {n}") for n in range(4)]
    published = remark(round_, partners[0], draft.interpreters, title="Caritas fragt")
    hidden = remark(round_, partners[1], draft.interpreters, title="Unsachlich")
    pending = remark(round_, partners[2], draft.interpreters, title="Wartet")
    on_evening = remark(round_, partners[3], draft.evening, title="Abendkurse")
    hidden.status, pending.status = "hidden", "pending"
    db.session.commit()

    ids = [draft.interpreters.id, draft.evening.id, draft.main.id]
    found = versions.remarks_on_items(ids)
    assert draft.main.id not in found
    assert found[draft.interpreters.id].verdicts == [on_first, on_second]
    # Hidden remarks are listed (shown as a placeholder), pending ones are not.
    assert found[draft.interpreters.id].contributions == [published, hidden]
    assert found[draft.interpreters.id].count == 4
    assert found[draft.evening.id].verdicts == []
    assert found[draft.evening.id].contributions == [on_evening]
    assert {v.review.version.number for v in found[draft.interpreters.id].verdicts} == {1, 2}

    only_verdicts = versions.remarks_on_items(ids, with_contributions=False)
    assert only_verdicts[draft.interpreters.id].contributions == []
    assert draft.evening.id not in only_verdicts

    # Counted: remarks of verdicts and published remark contributions (not hidden, pending).
    assert versions.remark_counts(ids) == {draft.interpreters.id: 3, draft.evening.id: 1}
    assert versions.remark_counts([]) == {} and versions.remarks_on_items([]) == {}


# --- remarks in a round on a version ------------------------------------------------------

def test_a_remark_in_a_round_on_a_version_names_one_of_its_items(version, draft,
                                                                 network_round, participant):
    round_ = network_round(version)
    contribution = remark(round_, participant, draft.interpreters, title="Dolmetscher")
    assert contribution.item_id == draft.interpreters.id
    assert contribution.kind == "remark" and contribution.status == "published"


def test_a_remark_must_name_an_item_of_that_version_in_its_topic(version, draft, topic,
                                                                 network_round, participant,
                                                                 make_item):
    round_ = network_round(version)
    later = make_item(topic, "municipal_idea", "Erst nach dem Einfrieren geschrieben")
    for item, title in [(None, "Ohne Element"), (later, "Nicht in der Fassung"),
                        (draft.work_main, "Anderes Thema"), (draft.gone, "Zurückgezogen")]:
        with pytest.raises(ContributionError):
            create_contribution(round_, author=participant, kind="remark", topic=topic,
                                title=title, body="Anmerkung.", item=item)
    assert audit_entries("contribution.created") == []


def test_other_kinds_drop_the_item(version, draft, topic, network_round, participant):
    round_ = network_round(version)
    contribution = remark(round_, participant, draft.interpreters, title="Eine Maßnahme",
                          kind="measure")
    assert contribution.kind == "measure" and contribution.item_id is None


# A remark names an item only in a round on a version.
def test_a_remark_outside_a_round_on_a_version_is_not_bound_to_a_foreign_item(
        draft, topic, make_round, concept, participant):
    round_ = make_round(concept=concept, kinds=("remark", "measure"))
    try:
        contribution, _created = create_contribution(
            round_, author=participant, kind="remark", topic=topic, title="Ohne Fassung",
            body="Anmerkung.", item=draft.work_main)
    except ContributionError:
        return
    assert contribution.item_id is None


# --- small readers ------------------------------------------------------------------------

def test_draft_items_of_a_version_and_its_chapters(version, draft, moderator):
    concepts.withdraw_item(draft.courses, reason="später", actor=moderator)
    db.session.commit()
    # The live items, even withdrawn ones, in the version's order.
    assert versions.draft_items_of_version(version) == draft.printed
    chapter = version.chapters[1]
    assert versions.chapter_by_id(version, chapter.id) == chapter
    assert versions.chapter_by_id(version, -1) is None
    assert all(isinstance(t, VersionTopic) for t in version.topics)


def test_sources_of_items_lists_the_linked_public_contributions(draft, round_, topic, moderator,
                                                                 make_contribution):
    public = [make_contribution(round=round_, topic=topic) for _ in range(2)]
    hidden = make_contribution(round=round_, topic=topic)
    pending = make_contribution(round=round_, topic=topic, status="pending")
    removed = make_contribution(round=round_, topic=topic)
    workbench.link_contributions([*public, hidden, pending, removed], draft.interpreters,
                                 actor=moderator)
    workbench.link_contributions(public[:1], draft.main, actor=moderator)
    db.session.flush()
    (link,) = [lk for lk in workbench.active_links(item_ids=[draft.interpreters.id])
               if lk.contribution_id == removed.id]
    workbench.unlink(link, actor=moderator)
    hidden.status = "hidden"
    db.session.commit()
    found = versions.sources_of_items([draft.interpreters.id, draft.main.id, draft.evening.id])
    assert found[draft.interpreters.id] == public
    assert found[draft.main.id] == public[:1]
    assert draft.evening.id not in found


def test_agree_to_the_rest_keeps_given_verdicts_and_counts_only_new_ones(review, version,
                                                                        member):
    first, *others = version.chapters
    versions.record_verdict(review, member, verdict="object", remark="Zu lang.",
                            version_chapter=first)
    added = versions.agree_to_the_rest(review, member, version_chapters=version.chapters)
    db.session.commit()
    assert added == len(others)
    rows = {v.version_chapter_id: v.verdict for v in versions.verdicts_of(review, user=member)}
    assert rows[first.id] == "object"
    assert all(rows[c.id] == "agree" for c in others)
    assert versions.agree_to_the_rest(review, member, version_chapters=version.chapters) == 0


def test_a_remarks_page_names_its_item_and_speaks_of_remarks(client, version, draft,
                                                             network_round, make_user):
    round_ = network_round(version)
    version.visibility = "published"
    db.session.commit()
    item = draft.interpreters
    contribution = remark(round_, make_user(), item, title="Zu knapp")
    page = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "<dt>Anmerkung zu</dt>" in page
    # the item's kind in the page's language, its text marked with the concept's
    assert (f'<a href="/concept/versions/{version.number}#item-{item.id}">{item.kind_label}: '
            f'<span lang="de" dir="ltr">{item.text}</span></a>') in page
    assert "Das Amt liest jede Anmerkung" in page
    assert "zu Zielen und Maßnahmen des Konzepts zusammen" not in page
    version.visibility = "internal"  # the public reads neither version nor draft
    round_.concept.draft_published = False
    db.session.commit()
    page = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "ein Element einer Fassung, die nicht öffentlich ist" in page
    assert item.text not in page
