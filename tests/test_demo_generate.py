"""`flask demo generate`: synthetic large data for benchmarks, bulk-inserted and searchable."""

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.contributions.models import Comment, Contribution, Support
from app.core.search import matching
from app.demo.generator import GENERATED_ROUND_TITLE, generate_load_data
from app.extensions import db
from app.rounds.models import Round
from tests.demo_copy import load_demo_copy


def _generated_round() -> Round:
    return db.session.scalar(select(Round).where(Round.title == GENERATED_ROUND_TITLE))


def _generated(round_: Round) -> list[Contribution]:
    return list(db.session.scalars(select(Contribution).where(
        Contribution.round_id == round_.id).order_by(Contribution.id)))


def test_generate_creates_contributions_that_can_be_found(app):
    load_demo_copy()
    result = app.test_cli_runner().invoke(args=["demo", "generate", "--contributions", "200",
                                                "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "200 contributions" in result.output and " s." in result.output
    round_ = _generated_round()
    assert round_.is_open and len(round_.topics) == 11
    contributions = _generated(round_)
    assert len(contributions) == 200
    assert {c.kind for c in contributions} == {"goal", "measure", "municipal_idea",
                                              "best_practice"}
    assert len({c.topic_id for c in contributions}) == 11
    assert all(c.body_html.startswith("<p>") for c in contributions)

    # every generated contribution that names "Wohnungslotsen" is found, also by a stem
    def found(query):
        return set(db.session.scalars(select(Contribution.id).where(
            Contribution.round_id == round_.id, matching(Contribution, query))))

    named = {c.id for c in contributions if "Wohnungslotsen" in f"{c.title} {c.body}"}
    assert named and named <= found("Wohnungslotse")
    sprachkurs = {c.id for c in contributions if "Sprachkurse" in f"{c.title} {c.body}"}
    assert sprachkurs and sprachkurs <= found("Sprachkurs")
    assert found("Gemeinde") and not found("Quantenchromodynamik")


def test_generate_supports_comments_and_users(app, client):
    load_demo_copy()
    counts = generate_load_data(200, comments_per=2, seed=3)
    db.session.commit()
    round_ = _generated_round()
    assert counts["contributions"] == 200 and counts["users"] == 20
    in_round = select(Contribution.id).where(Contribution.round_id == round_.id)
    supports = db.session.scalar(select(func.count(Support.id)).where(
        Support.contribution_id.in_(in_round)))
    assert supports == counts["supports"] > 200
    by_author = db.session.scalar(
        select(func.count(Support.id))
        .join(Contribution, Contribution.id == Support.contribution_id)
        .where(Contribution.author_id == Support.user_id))
    assert by_author == 0
    comments = db.session.scalar(select(func.count(Comment.id)).where(
        Comment.contribution_id.in_(in_round)))
    assert comments == counts["comments"] and 200 < comments < 600
    parent, grandparent = aliased(Comment), aliased(Comment)
    deep = db.session.scalars(select(Comment).join(parent, Comment.parent_id == parent.id).join(
        grandparent, parent.parent_id == grandparent.id).where(
        Comment.contribution_id.in_(in_round))).all()
    assert deep and all(c.contribution_id == c.parent.contribution_id for c in deep)
    # the generated people can log in with the demo password
    user = db.session.scalar(select(User).where(User.email == "lastdaten-00001@example.org"))
    assert user.is_confirmed and user.roles == {"participant"}
    response = client.post("/auth/login", data={"email": user.email,
                                                "password": "demo-password-2026"})
    assert response.status_code == 302
    # running again adds to the same round and reuses the people
    again = generate_load_data(50, seed=4)
    db.session.commit()
    assert again["rounds"] == 0 and again["users"] == 0
    assert len(_generated(round_)) == 250


def test_generate_is_deterministic_with_a_seed(app):
    load_demo_copy()

    def texts(seed):
        generate_load_data(30, seed=seed)
        rows = [(c.title, c.body, c.kind, c.topic_id) for c in _generated(_generated_round())]
        db.session.rollback()
        return rows

    assert texts(11) == texts(11)
    assert texts(11) != texts(12)


def test_generate_needs_a_concept(app):
    result = app.test_cli_runner().invoke(args=["demo", "generate", "--contributions", "5"])
    assert result.exit_code != 0
    assert "demo load" in result.output
    result = app.test_cli_runner().invoke(args=["demo", "generate", "--contributions", "-1"])
    assert result.exit_code != 0


def test_generate_into_one_topic_with_draft_items(app):
    from app.concepts.models import Item, Topic
    from app.core.audit import AuditEntry
    from app.workbench.models import ItemLink

    load_demo_copy()
    sprache = db.session.scalar(select(Topic).where(Topic.slug == "sprache"))
    items_before = set(db.session.scalars(select(Item.id).where(Item.topic_id == sprache.id)))
    result = app.test_cli_runner().invoke(args=[
        "demo", "generate", "--contributions", "300", "--topic", "sprache", "--items", "20",
        "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "20 items" in result.output
    contributions = _generated(_generated_round())
    assert len(contributions) == 300 and {c.topic_id for c in contributions} == {sprache.id}

    new_items = list(db.session.scalars(select(Item).where(
        Item.topic_id == sprache.id, Item.id.not_in(items_before))))
    assert len(new_items) == 20
    # the demo's draft already has a main goal: the new items are the other kinds
    kinds = {i.kind for i in new_items}
    assert kinds == {"sub_goal", "measure", "municipal_idea", "best_practice"}
    assert all(i.parent.kind == "sub_goal" for i in new_items if i.kind == "measure")

    ids = {c.id for c in contributions}
    links = [link for link in db.session.scalars(select(ItemLink))
             if link.contribution_id in ids]
    linked = {link.contribution_id for link in links}
    published = [c for c in contributions if c.status == "published"]
    assert 0.45 * len(published) < len(linked) < 0.75 * len(published)
    assert {c.id for c in published if c.outcome == "incorporated"} == linked
    assert all(c.outcome == "pending" for c in contributions if c.id not in linked)
    assert all(link.item.topic_id == sprache.id for link in links)
    assert len(links) > len(linked)  # some feed two items
    incorporated = [c for c in contributions if c.id in linked]
    assert all(c.outcome_at and c.outcome_by_id and c.lock_version == 2 for c in incorporated)
    logged = db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "item_link.added", AuditEntry.object_id.in_(linked)))
    assert logged == len(links)


def test_generate_items_spread_over_topics(app):
    from app.concepts.models import Item, Topic

    load_demo_copy()
    before = db.session.scalar(select(func.count(Item.id)))
    counts = generate_load_data(110, seed=2, items=22)
    db.session.commit()
    assert counts["items"] == 22
    assert db.session.scalar(select(func.count(Item.id))) == before + 22
    topics = list(db.session.scalars(select(Topic)))
    for topic in topics:  # every topic has exactly one main goal
        assert db.session.scalar(select(func.count(Item.id)).where(
            Item.topic_id == topic.id, Item.kind == "main_goal")) == 1
    contributions = _generated(_generated_round())
    assert len({c.topic_id for c in contributions}) == 11
    assert counts["incorporated"] == sum(c.outcome == "incorporated" for c in contributions) > 0


def test_generate_refuses_an_unknown_topic(app):
    load_demo_copy()
    result = app.test_cli_runner().invoke(args=["demo", "generate", "--contributions", "5",
                                                "--topic", "nirgendwo"])
    assert result.exit_code != 0 and "nirgendwo" in result.output


def test_generate_users_and_organisations(app):
    from app.accounts.models import Membership, Organisation

    load_demo_copy()
    users_before = db.session.scalar(select(func.count(User.id)))
    result = app.test_cli_runner().invoke(args=[
        "demo", "generate", "--contributions", "300", "--users", "60", "--organisations", "4",
        "--seed", "8"])
    assert result.exit_code == 0, result.output
    assert "60 new users, 4 new organisations" in result.output
    assert db.session.scalar(select(func.count(User.id))) == users_before + 60
    organisations = list(db.session.scalars(select(Organisation).where(
        Organisation.name.like("Lastdaten-Organisation %"))))
    assert len(organisations) == 4 and all(o.is_verified for o in organisations)
    memberships = list(db.session.scalars(select(Membership).where(
        Membership.organisation_id.in_([o.id for o in organisations]))))
    assert len(memberships) == 60 and all(m.is_active for m in memberships)
    representatives = {(m.user_id, m.organisation_id) for m in memberships
                       if m.is_representative}
    assert len(representatives) == 4
    contributions = _generated(_generated_round())
    credited = [c for c in contributions if c.organisation_id is not None]
    assert 0 < len(credited) < len(contributions) / 4
    assert all((c.author_id, c.organisation_id) in representatives for c in credited)
    # every row keeps its writer's group and page language, as the use cases store them
    people = dict(db.session.execute(select(User.id, User.language)).all())
    assert all(c.ui_language == people[c.author_id] for c in contributions)

    # running again with more people adds only the missing ones
    again = generate_load_data(10, users=80, organisations=5, seed=9)
    db.session.commit()
    assert again["users"] == 20 and again["organisations"] == 1
    result = app.test_cli_runner().invoke(args=[
        "demo", "generate", "--contributions", "5", "--users", "3", "--organisations", "4"])
    assert result.exit_code != 0 and "organisation" in result.output
