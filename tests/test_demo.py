"""The demo: the Konstanz case as DESIGN.md describes it, loaded idempotently."""

import re

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.concepts.models import Topic
from app.contributions.models import Comment, Contribution, Flag, Support
from app.core.time import as_utc, utcnow
from app.demo import participation
from app.demo.services import load_demo
from app.extensions import db
from app.moderation.models import ModerationDecision
from app.rounds.models import Network, Round
from tests.conftest import empty_all_tables
from tests.demo_copy import load_demo_copy

FIELDS = {"sprache": "Sprache", "arbeit": "Arbeit", "bildung": "Bildung", "wohnen": "Wohnen",
          "gesundheit": "Gesundheit", "kultur-und-freizeit": "Kultur und Freizeit"}
CROSSCUTTING = {
    "beteiligung": "Beteiligung von Migranten und Migrantinnen",
    "ehrenamt": "Ehrenamtliches Engagement",
    "kommunen": "Zusammenarbeit mit kreisangehörigen Kommunen",
    "interkulturelle-oeffnung": "Interkulturelle Öffnung der Verwaltung",
    "antidiskriminierung": "Antidiskriminierung",
}


def test_demo_topics_match_design(app):
    load_demo_copy()  # the demo as data (the loader: test_demo_load_is_idempotent)
    db.session.commit()
    topics = db.session.scalars(select(Topic)).all()
    assert {t.slug: t.name for t in topics if t.kind == "field"} == FIELDS
    assert {t.slug: t.name for t in topics if t.kind == "crosscutting"} == CROSSCUTTING


def test_demo_accounts_can_log_in(app, client):
    load_demo_copy()  # the demo as data (the loader: test_demo_load_is_idempotent)
    db.session.commit()
    roles = {"admin@example.org": "admin", "moderation@example.org": "moderator",
             "steering@example.org": "steering", "teilnehmerin@example.org": "participant",
             "verein@example.org": "participant"}
    for email, role in roles.items():
        response = client.post("/auth/login", data={"email": email,
                                                    "password": "demo-password-2026"})
        assert response.status_code == 302, email
        client.post("/auth/logout")
        user = db.session.scalar(select(User).where(User.email == email))
        assert role in user.roles
    verein = db.session.scalar(select(User).where(User.email == "verein@example.org"))
    membership = verein.memberships[0]
    assert membership.is_representative
    assert membership.organisation.kind == "migrant_organisation"
    assert membership.organisation.is_verified


PARTICIPATION_MODELS = (User, Network, Round, Contribution, Comment, Support, Flag,
                        ModerationDecision)


def _counts() -> dict:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m))
            for m in PARTICIPATION_MODELS}


def test_demo_load_is_idempotent(app):
    first = load_demo()
    db.session.commit()
    counts = _counts()
    second = load_demo()
    db.session.commit()
    assert first["topics"] == 11
    assert first["users"] == 5 + len(participation.PARTICIPANTS)
    assert first["contributions"] == len(participation.CONTRIBUTIONS)
    assert first["comments"] == len(participation.COMMENTS)
    assert set(second.values()) == {0}
    assert db.session.scalar(select(func.count(Topic.id))) == 11
    assert _counts() == counts


def _round(title_start: str) -> Round:
    return db.session.scalar(select(Round).where(Round.title.startswith(title_start)))


def _contributions(round_: Round) -> list[Contribution]:
    return list(db.session.scalars(select(Contribution).where(Contribution.round_id == round_.id)))


def test_demo_closed_round_covers_every_topic_and_kind(app):
    load_demo_copy()  # the demo as data (the loader: test_demo_load_is_idempotent)
    db.session.commit()
    closed = _round("Online-Beteiligung Frühjahr")
    assert closed.phase() == "closed" and closed.kind == "online"
    contributions = _contributions(closed)
    assert len(contributions) >= 60
    assert {c.topic.slug for c in contributions} == set(FIELDS) | set(CROSSCUTTING)
    assert {c.kind for c in contributions} == {"goal", "measure", "municipal_idea",
                                              "best_practice"}
    languages = [c.language for c in contributions]
    assert languages.count("en") >= 5 and {"ar", "tr"} <= set(languages)
    assert any(c.themes for c in contributions)
    assert any("\n- " in c.body and "<li>" in c.body_html for c in contributions)
    assert any(c.organisation and c.organisation.is_verified for c in contributions)
    assert len({c.author_id for c in contributions}) >= 8
    # written while the round was open, spread over its time
    opens, closes = as_utc(closed.opens_at), as_utc(closed.closes_at)
    times = sorted(as_utc(c.created_at) for c in contributions)
    assert opens <= times[0] and times[-1] < closes
    assert (times[-1] - times[0]).days >= 30


def test_demo_open_and_network_rounds(app):
    load_demo_copy()  # the demo as data (the loader: test_demo_load_is_idempotent)
    db.session.commit()
    open_round = _round("Online-Beteiligung: Ziele")
    assert open_round.phase() == "open" and open_round.is_open
    assert as_utc(open_round.closes_at) > utcnow()
    assert len(open_round.topics) == 11
    assert len(_contributions(open_round)) >= 10
    network_round = _round("Netzwerkrunde")
    assert network_round.kind == "network" and network_round.audience == "invited"
    assert [n.name for n in network_round.networks] == ["Netzwerk Sprache und Bildung"]
    network = network_round.networks[0]
    assert len(network.organisations) == 2 and network.users[0].has_role("moderator")
    participant = db.session.scalar(select(User).where(User.email == "teilnehmerin@example.org"))
    representative = db.session.scalar(select(User).where(User.email == "verein@example.org"))
    assert not network_round.invites(participant) and network_round.invites(representative)
    # supporters of the invited round are invited themselves
    supporters = db.session.scalars(select(User).join(Support, Support.user_id == User.id).join(
        Contribution, Contribution.id == Support.contribution_id).where(
        Contribution.round_id == network_round.id)).all()
    assert supporters and all(network_round.invites(u) for u in supporters)


def test_demo_supports_and_comments(app):
    load_demo_copy()  # the demo as data (the loader: test_demo_load_is_idempotent)
    db.session.commit()
    supports = db.session.scalar(select(func.count(Support.id)))
    assert 120 <= supports <= 200
    by_author = db.session.scalar(
        select(func.count(Support.id))
        .join(Contribution, Contribution.id == Support.contribution_id)
        .where(Contribution.author_id == Support.user_id))
    assert by_author == 0
    per_contribution = db.session.execute(
        select(Support.contribution_id, func.count(Support.id)).group_by(
            Support.contribution_id)).all()
    counts = sorted((n for _, n in per_contribution), reverse=True)
    assert counts[0] >= 6 and len(set(counts)) >= 5  # "most supported" sorts meaningfully
    assert 35 <= db.session.scalar(select(func.count(Comment.id))) <= 50
    parent, grandparent = aliased(Comment), aliased(Comment)
    deep = db.session.scalars(select(Comment).join(parent, Comment.parent_id == parent.id).join(
        grandparent, parent.parent_id == grandparent.id)).all()
    assert deep, "no reply to a reply"
    assert all(c.contribution_id == c.parent.contribution_id for c in deep)
    moderator = db.session.scalar(select(User).where(User.email == "moderation@example.org"))
    assert db.session.scalar(select(func.count(Comment.id)).where(
        Comment.author_id == moderator.id)) >= 3
    for comment in db.session.scalars(select(Comment)):
        round_ = comment.contribution.round
        assert as_utc(comment.contribution.created_at) < as_utc(comment.created_at)
        assert as_utc(comment.created_at) < min(as_utc(round_.closes_at), utcnow())
        if comment.parent:
            assert as_utc(comment.parent.created_at) < as_utc(comment.created_at)


def test_demo_moderation_content(app):
    load_demo_copy()  # the demo as data (the loader: test_demo_load_is_idempotent)
    db.session.commit()
    statuses = dict(db.session.execute(select(Contribution.status, func.count(
        Contribution.id)).group_by(Contribution.status)).all())
    assert statuses["withdrawn"] >= 2 and statuses["hidden"] >= 1 and statuses["pending"] >= 1
    hidden = db.session.scalars(select(Contribution).where(Contribution.status == "hidden"))
    for contribution in hidden:
        assert contribution.hidden_reason and contribution.hidden_at
        decision = db.session.scalar(select(ModerationDecision).where(
            ModerationDecision.contribution_id == contribution.id,
            ModerationDecision.comment_id.is_(None)))
        assert decision.action == "hidden" and decision.reason == contribution.hidden_reason
    comment = db.session.scalar(select(Comment).where(Comment.status == "hidden"))
    assert comment.hidden_reason
    assert db.session.scalar(select(ModerationDecision).where(
        ModerationDecision.comment_id == comment.id)).action == "hidden"
    assert db.session.scalar(select(func.count(Flag.id)).where(Flag.status == Flag.OPEN)) == 2


def test_demo_pages_render(app, client):
    load_demo_copy()  # the demo as data (the loader: test_demo_load_is_idempotent)
    db.session.commit()
    open_round = _round("Online-Beteiligung: Ziele")
    closed = _round("Online-Beteiligung Frühjahr")
    top = db.session.scalar(select(Contribution).join(
        Support, Support.contribution_id == Contribution.id).group_by(Contribution.id).order_by(
        func.count(Support.id).desc()).limit(1))
    for path in ("/rounds/", f"/rounds/{open_round.id}", f"/rounds/{closed.id}",
                 f"/contributions/{top.id}", "/topics/sprache"):
        response = client.get(path)
        assert response.status_code == 200, path


def test_demo_speaks_arabic_and_english(app, client):
    """An Arabic-speaking participant reads the topic names, the introduction, the timeline and
    the rounds in Arabic; what nobody translated stays German, marked as German."""
    from app.demo import translations

    load_demo_copy()
    db.session.commit()
    home = client.get("/?lang=ar").get_data(as_text=True)
    for slug, by_language in translations.TOPICS.items():
        assert f'href="/topics/{slug}">{by_language["ar"][0]}</a>' in home
    assert translations.CONCEPT["ar"]["title"] in home
    assert translations.MILESTONES["Dialogveranstaltung"]["ar"][0] in home
    assert "الصحة" in client.get("/topics/gesundheit?lang=ar").get_data(as_text=True)
    rounds = client.get("/rounds/?lang=en").get_data(as_text=True)
    assert translations.ROUNDS["open"]["en"] in rounds
    # the conference round has no English title: German, marked as German
    assert re.search(r'lang="de" dir="ltr"><a href="/rounds/\d+">Integrationskonferenz', rounds)


def test_demo_cli(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert "Demo loaded" in result.output
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert "not empty" in result.output


def test_users_create_cli(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "neu@example.org", "--role",
                                 "moderator", "--password", "Bodensee im Nebel 7"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "neu@example.org"))
    assert user.roles == {"participant", "moderator"} and user.is_confirmed
    result = runner.invoke(args=["users", "create", "--email", "x@example.org",
                                 "--password", "kurz"])
    assert result.exit_code != 0


def test_a_test_after_the_demo_copy_starts_its_ids_at_one(app, make_user):
    """Every test starts on an empty database whose ids start at 1, also after a test that
    copied the demo in (whose copy sets PostgreSQL's sequences past the demo's rows): the same
    test then shows the same pages on SQLite and PostgreSQL (the browser tests' axe results
    are shared between the two suites by their documents)."""
    for _ in range(2):  # the second time (at least) from the copy taken the first time
        load_demo_copy()
        empty_all_tables()
    assert make_user().id == 1
