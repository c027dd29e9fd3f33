"""The number of SQL queries a page makes does not grow with the number of rows."""

import pytest

from app.core import audit
from app.extensions import db
from tests.query_counter import queries_for


@pytest.fixture
def populate(make_user, make_organisation):
    def add(n):
        for _ in range(n):
            member, representative = make_user(), make_user()
            organisation = make_organisation(members=[member], representatives=[representative],
                                             verified=True)
            audit.record("organisation.verified", organisation, actor=representative)
        db.session.commit()

    return add


@pytest.mark.parametrize("path", ["/", "/organisations/", "/admin/organisations/",
                                  "/admin/users/", "/admin/audit/", "/admin/topics/",
                                  "/concept/"])
def test_query_count_is_constant(app, client, login, make_user, make_concept, populate, path):
    make_concept()
    login(make_user(roles={"admin"}))
    populate(2)
    few = queries_for(app, client, path)
    populate(15)
    many = queries_for(app, client, path)
    assert many == few, f"{path}: {few} queries with few rows, {many} with more"
