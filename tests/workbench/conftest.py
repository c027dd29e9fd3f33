"""Fixtures of the workbench tests: staff, a topic, contributions to it and draft items."""

import pytest

from app.concepts.models import Topic


@pytest.fixture
def round_(make_round):
    return make_round()


@pytest.fixture
def topic(round_) -> Topic:
    """The field of action "Sprache" of the round's concept."""
    return next(t for t in round_.topics if t.slug == "sprache")


@pytest.fixture
def contribute(make_contribution, round_, topic):
    def make(**kwargs):
        kwargs.setdefault("round", round_)
        kwargs.setdefault("topic", topic)
        return make_contribution(**kwargs)

    return make
