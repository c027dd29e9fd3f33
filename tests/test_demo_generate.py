"""`flask demo generate`: synthetic large data for benchmarks, bulk-inserted and searchable."""

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.contributions.models import Comment, Contribution, Support
from app.core.search import matching
from app.demo.services import GENERATED_ROUND_TITLE, generate_load_data, load_demo
from app.extensions import db
from app.rounds.models import Round


def _generated_round() -> Round:
    return db.session.scalar(select(Round).where(Round.title == GENERATED_ROUND_TITLE))


def _generated(round_: Round) -> list[Contribution]:
    return list(db.session.scalars(select(Contribution).where(
        Contribution.round_id == round_.id).order_by(Contribution.id)))


def test_generate_creates_contributions_that_can_be_found(app):
    load_demo()
    db.session.commit()
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
    load_demo()
    db.session.commit()
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
    load_demo()
    db.session.commit()

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
