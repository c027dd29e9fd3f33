"""Pages load what they show. Relationships are lazy; in tests, a relationship of a listed
object that the page's query did not load raises when a GET request touches it, instead of
costing a query per row (tests/conftest.py: `raise_on_lazy_loads`)."""

import pytest
from flask import render_template_string
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import joinedload, selectinload

from app.contributions.models import Contribution
from app.extensions import db
from app.rounds.models import Round

PAGE = "{% for c in rows %}{{ c.title }}: {{ c.author.display_name }}, " \
       "{{ c.themes | map(attribute='name') | join(' ') }};{% endfor %}"


@pytest.fixture
def two(make_contribution):
    first = make_contribution()
    make_contribution(round=first.round)
    round_id = first.round_id
    db.session.expunge_all()
    return round_id


def _listed(*options):
    return db.session.scalars(select(Contribution).options(*options)
                              .order_by(Contribution.id)).all()


def test_a_collection_the_query_did_not_load_raises_while_a_page_renders(app, two):
    with app.test_request_context("/"):
        rows = _listed(joinedload(Contribution.author))
        with pytest.raises(InvalidRequestError,
                           match="Contribution.themes lazy-loaded for one of 2 listed"):
            render_template_string(PAGE, rows=rows)


def test_a_many_to_one_not_loaded_raises_too(app, two):
    with app.test_request_context("/"):
        rows = _listed(selectinload(Contribution.themes))
        with pytest.raises(InvalidRequestError,
                           match="Contribution.author lazy-loaded for one of 2 listed"):
            render_template_string(PAGE, rows=rows)


def test_the_page_renders_when_its_query_loads_what_it_shows(app, two):
    with app.test_request_context("/"):
        rows = _listed(joinedload(Contribution.author), selectinload(Contribution.themes))
        assert render_template_string(PAGE, rows=rows).count(";") == 2


def test_objects_of_a_lazily_loaded_collection_raise(app, two):
    """One object (by its key) may load lazily; the rows of a collection it loads may not."""
    with app.test_request_context("/"):
        round_ = db.session.get(Round, two)
        assert round_.concept.title  # many-to-one of a single object: lazy, allowed
        topics = round_.topics  # a collection of a single object: lazy, allowed
        assert topics
        db.session.expunge(round_.concept)
        with pytest.raises(InvalidRequestError, match="Topic.concept lazy-loaded for one of"):
            [t.concept for t in topics]


def test_use_cases_and_code_outside_requests_load_lazily(app, two):
    with app.test_request_context("/", method="POST"):
        assert render_template_string(PAGE, rows=_listed()).count(";") == 2
    db.session.expunge_all()
    assert render_template_string(PAGE, rows=_listed()).count(";") == 2
