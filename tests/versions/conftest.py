"""Fixtures of the versions tests: staff, steering members, a small draft of the topic
"Sprache" (with withdrawn items) and a frozen version of it."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from app.concepts import services as concepts
from app.extensions import db
from app.versions import services as versions
from app.versions.models import Review


@pytest.fixture
def members(make_user):
    """Two steering group members (with the default e-mail preference: immediately)."""
    return [make_user(roles={"steering"}, display_name="Selma Steuerung"),
            make_user(roles={"steering"}, display_name="Tarek Träger")]


@pytest.fixture
def member(members):
    return members[0]


@pytest.fixture
def concept(make_concept):
    return make_concept()


@pytest.fixture
def round_(make_round, concept):
    return make_round(concept=concept)


def topic_named(concept, slug):
    return next(t for t in concept.topics if t.slug == slug)


@pytest.fixture
def topic(concept):
    """The field of action "Sprache"."""
    return topic_named(concept, "sprache")


@pytest.fixture
def work(concept):
    """The field of action "Arbeit"."""
    return topic_named(concept, "arbeit")


@pytest.fixture
def theme(concept):
    """The cross-cutting theme "Antidiskriminierung"."""
    return topic_named(concept, "antidiskriminierung")


@pytest.fixture
def draft(topic, work, theme, make_item, moderator):
    """A draft created out of printed order, with a withdrawn sub-goal (whose measure stays,
    unplaced), a withdrawn measure, and a main goal in a second topic."""
    d = SimpleNamespace()
    d.best = make_item(topic, "best_practice", "Sprachcafé im Quartier",
                       example_by="Verein Brücke", example_where="Konstanz",
                       example_link="https://example.org/sprachcafe")
    d.idea = make_item(topic, "municipal_idea", "Sprachpatenschaften in jeder Gemeinde")
    d.dropped = make_item(topic, "sub_goal", "Ein Unterziel, das zurückgezogen wird")
    d.orphan = make_item(topic, "measure", "Eine Maßnahme ohne Unterziel",
                         parent_id=d.dropped.id)
    d.courses = make_item(topic, "sub_goal", "Sprachkurse ausbauen")
    d.mediation = make_item(topic, "sub_goal", "Sprachmittlung sichern")
    d.interpreters = make_item(topic, "measure", "Einen Dolmetscherpool aufbauen",
                               parent_id=d.mediation.id, responsible="Amt für Migration",
                               partners="Caritas, Diakonie", timeframe="ab 2018",
                               themes=[theme])
    d.evening = make_item(topic, "measure", "Abendkurse anbieten", parent_id=d.courses.id)
    d.gone = make_item(topic, "measure", "Eine zurückgezogene Maßnahme", parent_id=d.courses.id)
    d.childcare = make_item(topic, "measure", "Kinderbetreuung während der Kurse",
                            parent_id=d.courses.id)
    d.main = make_item(topic, "main_goal", "Alle im Landkreis können sich verständigen.")
    d.work_main = make_item(work, "main_goal", "Gute Arbeit für alle.")
    concepts.withdraw_item(d.dropped, reason="zusammengelegt", actor=moderator)
    concepts.withdraw_item(d.gone, reason="doppelt", actor=moderator)
    db.session.commit()
    # How the concept prints the draft: topic by topic, main goal, each sub-goal with its
    # measures, measures without sub-goal, municipal ideas, best practices.
    d.printed = [d.main, d.courses, d.evening, d.childcare, d.mediation, d.interpreters,
                 d.orphan, d.idea, d.best, d.work_main]
    return d


@pytest.fixture
def freeze(concept, moderator):
    """Freeze the current draft (and commit)."""

    def freeze(label="Entwurf nach der Dialogveranstaltung", **kwargs):
        kwargs.setdefault("actor", moderator)
        version = versions.freeze_version(concept, label=label, **kwargs)
        db.session.commit()
        return version

    return freeze


@pytest.fixture
def version(draft, freeze):
    return freeze()


@pytest.fixture
def review(version, moderator):
    """An open review of `version`, built directly so that the verdict tests do not depend on
    open_review (tested on its own)."""
    review = Review(version=version, deadline=date.today() + timedelta(days=14),
                    opened_by_id=moderator.id)
    db.session.add(review)
    db.session.commit()
    return review
