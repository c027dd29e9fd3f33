"""Fixtures of the workbench tests: staff, a topic and draft items."""

import pytest

from app.concepts import services as concepts
from app.concepts.models import Topic
from app.extensions import db


@pytest.fixture
def moderator(make_user):
    return make_user(roles={"moderator"}, display_name="Mara Moderation",
                     email="mara@example.org")


@pytest.fixture
def round_(make_round):
    return make_round()


@pytest.fixture
def topic(round_) -> Topic:
    """The field of action "Sprache" of the round's concept."""
    return next(t for t in round_.topics if t.slug == "sprache")


@pytest.fixture
def request_ctx(app):
    """Use cases build links (notifications), so they run inside a request context."""
    with app.test_request_context("/"):
        yield


@pytest.fixture
def make_item(app):
    """Create (and commit) a draft item through the use case."""

    def make(topic, kind="sub_goal", text=None, *, actor=None, **values):
        with app.test_request_context("/"):
            item = concepts.create_item(topic, kind=kind,
                                        values={"text": text or f"Ein {kind}.", **values},
                                        actor=actor)
            db.session.commit()
        return item

    return make
