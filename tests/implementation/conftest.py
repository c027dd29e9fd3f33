"""Fixtures of the implementation tests: a concept whose draft has two sub-goals with measures
in "Sprache", one in "Arbeit", an adopted and published version of it, a contribution (with a
supporter) behind one measure, and a partner organisation with a representative."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from app.concepts import services as concepts
from app.contributions.models import Support
from app.extensions import db
from app.implementation import progress
from app.versions import services as versions
from app.workbench.services import link_contributions


@pytest.fixture
def concept(make_concept):
    return make_concept()


def topic_named(concept, slug):
    return next(t for t in concept.topics if t.slug == slug)


def build_draft(concept, moderator, *, measures_per_goal=2):
    """Sub-goals and measures in Sprache (two goals) and Arbeit (one goal)."""
    d = SimpleNamespace(goals=[], measures=[])
    theme = topic_named(concept, "antidiskriminierung")
    for slug, goals in (("sprache", 2), ("arbeit", 1)):
        topic = topic_named(concept, slug)
        for g in range(goals):
            goal = concepts.create_item(topic, kind="sub_goal",
                                        values={"text": f"Unterziel {slug} {g + 1}"},
                                        actor=moderator)
            d.goals.append(goal)
            for m in range(measures_per_goal):
                values = {"text": f"Maßnahme {slug} {g + 1}.{m + 1}", "parent_id": goal.id,
                          "responsible": "Amt für Migration" if m % 2 == 0 else "Jobcenter",
                          "partners": "Caritas"}
                if m == 0 and slug == "arbeit":
                    values["themes"] = [theme]
                d.measures.append(concepts.create_item(topic, kind="measure", values=values,
                                                       actor=moderator))
    db.session.commit()
    return d


def adopt(concept, moderator, *, label="Fassung zum Beschluss", adopted_on=None):
    version = versions.freeze_version(concept, label=label, actor=moderator)
    versions.record_adoption(version, body="Sozialausschuss",
                             adopted_on=adopted_on or date.today() - timedelta(days=400),
                             actor=moderator)
    versions.set_visibility(version, "published", actor=moderator)
    db.session.commit()
    return version


@pytest.fixture
def draft(concept, moderator):
    return build_draft(concept, moderator)


@pytest.fixture
def adopted(concept, draft, moderator):
    return adopt(concept, moderator)


@pytest.fixture
def author(make_user):
    return make_user(display_name="Amira Autorin")


@pytest.fixture
def supporter(make_user):
    return make_user(display_name="Sami Unterstützer")


@pytest.fixture
def idea(make_round, make_contribution, concept, draft, author, supporter, moderator):
    """A contribution behind the first measure, supported by `supporter`."""
    round_ = make_round(concept=concept)
    contribution = make_contribution(round=round_, author=author, title="Sprachkurse am Abend")
    db.session.add(Support(contribution_id=contribution.id, user_id=supporter.id))
    link_contributions([contribution], draft.measures[0], actor=moderator)
    db.session.commit()
    return contribution


@pytest.fixture
def representative(make_user):
    return make_user(display_name="Rana Vertretung")


@pytest.fixture
def partner(make_organisation, representative):
    return make_organisation(name="Caritas Konstanz", kind="partner", verified=True,
                             representatives=[representative])


@pytest.fixture
def state_of(concept, moderator):
    def state_of(item):
        return progress.measure_state(concept, item, user=moderator)

    return state_of
