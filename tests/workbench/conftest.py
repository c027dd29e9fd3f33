"""Fixtures of the workbench tests: staff, a topic and draft items."""

import pytest

from app.concepts.models import Topic


@pytest.fixture
def round_(make_round):
    return make_round()


@pytest.fixture
def topic(round_) -> Topic:
    """The field of action "Sprache" of the round's concept."""
    return next(t for t in round_.topics if t.slug == "sprache")


