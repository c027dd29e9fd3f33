"""The demo's versions (app.demo.versions): version 1 adopted by the Sozialausschuss and
published, the network round of remarks on it, the draft revised after them, version 2 under
review with verdicts and an answer."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.concepts.models import Item
from app.contributions.models import Contribution
from app.core.permissions import can
from app.core.time import as_utc
from app.demo import versions as story
from app.demo.services import load_demo
from app.extensions import db
from app.rounds.models import Round
from app.versions.models import Adoption, Review, Verdict, Version, VersionItem
from tests.demo_copy import load_demo_copy


@pytest.fixture
def demo(app):
    load_demo_copy()


def _version(number: int) -> Version:
    return db.session.scalar(select(Version).where(Version.number == number))


def _texts(version: Version) -> dict[int, VersionItem]:
    """Draft item id -> its copy in the version."""
    return {vi.item_id: vi for vi in db.session.scalars(
        select(VersionItem).where(VersionItem.version_id == version.id))}


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _item(start: str) -> Item:
    return db.session.scalar(select(Item).where(Item.text.startswith(start)))


def test_version_1_is_published_and_adopted_by_the_sozialausschuss(demo):
    first = _version(1)
    assert first.label == story.FIRST["label"] and first.note_html.startswith("<p>")
    assert first.visibility == "published" and first.published_at is not None
    [adoption] = first.adoptions
    assert adoption.body == "Sozialausschuss"
    assert adoption.resolution.startswith("Der Sozialausschuss nimmt")
    assert adoption.document_ref.startswith("Drucksache Nr. ")
    # adopted after it was frozen, and not in the future
    assert as_utc(first.frozen_at).date() <= adoption.adopted_on <= date.today()
    assert adoption.recorded_by_id == _user("moderation@example.org").id


def test_version_2_is_internal_and_under_review(demo):
    second = _version(2)
    assert second.label == story.SECOND["label"]
    assert second.visibility == "internal" and not second.adoptions
    review = second.open_review
    assert review is not None and review.deadline > date.today()
    assert db.session.scalar(select(func.count(Review.id))) == 1
    verdicts = db.session.scalars(select(Verdict).where(Verdict.review_id == review.id)).all()
    kinds = [v.verdict for v in verdicts]
    assert {"agree", "agree_with_remarks", "object"} == set(kinds)
    assert kinds.count("agree") > len(kinds) / 2  # mostly agreement
    assert kinds.count("agree_with_remarks") == 2 and kinds.count("object") == 1
    members = {v.user.email for v in verdicts}
    assert members == {"steering@example.org", story.SECOND_STEERING_MEMBER[0]}
    assert all(v.user.has_role("steering") for v in verdicts)
    assert all(v.remark for v in verdicts if v.verdict != "agree")
    objection = next(v for v in verdicts if v.verdict == "object")
    assert objection.version_item.kind == "measure"
    answered = [v for v in verdicts if v.answer]
    assert len(answered) == 1 and answered[0].answer_kind == "explained"
    assert answered[0].answered_by.email == "moderation@example.org"
    assert answered[0].user.email == "steering@example.org"


def test_the_second_steering_member_can_log_in(demo, client):
    response = client.post("/auth/login", data={"email": story.SECOND_STEERING_MEMBER[0],
                                                "password": "demo-password-2026"})
    assert response.status_code == 302


def test_remarks_on_items_of_version_1_in_an_open_network_round(demo):
    first = _version(1)
    round_ = db.session.scalar(select(Round).where(Round.version_id == first.id,
                                                   Round.adoption_id.is_(None)))
    assert round_.kind == "network" and round_.audience == "invited"
    assert round_.accepted_kinds == ["remark"] and round_.is_open
    assert [n.name for n in round_.networks] == ["Netzwerk Sprache und Bildung"]
    assert as_utc(first.frozen_at) <= as_utc(round_.opens_at)
    verein = _user("verein@example.org")
    assert round_.invites(verein) and can("contribution.create", round_, user=verein)
    assert not round_.invites(_user("teilnehmerin@example.org"))
    remarks = db.session.scalars(select(Contribution).where(
        Contribution.round_id == round_.id)).all()
    assert 4 <= len(remarks) <= 6
    in_version_1 = _texts(first)
    for remark in remarks:
        assert remark.kind == "remark" and remark.status == "published"
        assert remark.item_id in in_version_1
        assert remark.topic_id == remark.item.topic_id
        assert remark.organisation is not None and remark.organisation.is_verified
    authors = {r.author.email for r in remarks}
    assert "verein@example.org" in authors and len(authors) >= 2


def test_version_2_differs_from_version_1_and_frozen_texts_stay(demo):
    first, second = _texts(_version(1)), _texts(_version(2))
    edited = [_item(changes["text"][:40]) for _ref, changes in story.EDITS]
    assert len(edited) == len(story.EDITS) >= 3
    for item, (ref, changes) in zip(edited, story.EDITS, strict=True):
        old, new = first[item.id], second[item.id]
        assert old.text.startswith(ref[1]) and old.text != new.text
        assert new.text == item.text == changes["text"]  # the draft reads like version 2
        for field in ("timeframe", "responsible", "partners"):
            if field in changes:
                assert getattr(old, field) != getattr(new, field) == changes[field]
    added = set(second) - set(first)
    assert {second[i].kind for i in added} == {"measure"} and len(added) == 2
    [removed] = set(first) - set(second)
    assert db.session.get(Item, removed).is_withdrawn
    assert first[removed].text.startswith(story.WITHDRAWN[0][1])


def test_loading_again_adds_nothing(demo):
    models = (Version, VersionItem, Adoption, Review, Verdict, Item, Contribution, Round, User)

    def counts():
        return [db.session.scalar(select(func.count()).select_from(m)) for m in models]

    before = counts()
    again = load_demo()
    db.session.commit()
    assert set(again.values()) == {0}
    assert counts() == before
