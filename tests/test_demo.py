"""The demo: the Konstanz case as DESIGN.md describes it, loaded idempotently."""

from sqlalchemy import func, select

from app.accounts.models import User
from app.concepts.models import Topic
from app.demo.services import load_demo
from app.extensions import db

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
    load_demo()
    db.session.commit()
    topics = db.session.scalars(select(Topic)).all()
    assert {t.slug: t.name for t in topics if t.kind == "field"} == FIELDS
    assert {t.slug: t.name for t in topics if t.kind == "crosscutting"} == CROSSCUTTING


def test_demo_accounts_can_log_in(app, client):
    load_demo()
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


def test_demo_load_is_idempotent(app):
    first = load_demo()
    db.session.commit()
    second = load_demo()
    db.session.commit()
    assert first["topics"] == 11 and first["users"] == 5
    assert set(second.values()) == {0}
    assert db.session.scalar(select(func.count(Topic.id))) == 11


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
