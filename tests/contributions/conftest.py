"""Fixtures of the contributions tests: people, a round, and counting SQL statements."""


import pytest

from tests.query_counter import queries_for as count_page_queries


@pytest.fixture
def open_round(make_round):
    return make_round(phase="open")


def form_data(round_, **overrides):
    """A valid contribution form for `round_` (first topic, first accepted kind)."""
    data = {"kind": round_.accepted_kinds[0], "topic": str(round_.topics[0].id),
            "title": "Mehr Sprachkurse am Abend",
            "body": "Viele arbeiten tagsüber. **Abendkurse** würden helfen.",
            "language": "de", "on_behalf": ""}
    data.update(overrides)
    return data


@pytest.fixture
def queries_for(app, client):
    return lambda path: count_page_queries(app, client, path)


@pytest.fixture
def switch_to(client, login):
    """Log out whoever is logged in, then log in `user`."""
    def switch(user):
        client.post("/auth/logout")
        return login(user)

    return switch
