"""Fixtures for the rounds tests: an invited-only round with its audience, form data."""

from types import SimpleNamespace

import pytest

from app.extensions import db
from app.rounds.models import Network


@pytest.fixture
def make_network():
    def make(*, name="Netzwerk Sprache", users=(), organisations=()) -> Network:
        network = Network(name=name, description="Träger der Sprachförderung.")
        network.users = list(users)
        network.organisations = list(organisations)
        db.session.add(network)
        db.session.commit()
        return network

    return make


@pytest.fixture
def invited(make_user, make_organisation, make_network, make_round):
    """An open invited-only round and who is (not) in its audience:
    `direct` is in the invited network, `via_network_org` is a member of an organisation of
    that network, `via_org` a member of an organisation invited directly, `outsider` none."""
    direct, via_network_org, via_org = make_user(), make_user(), make_user()
    outsider = make_user()
    network_org = make_organisation(name="Sprachtreff e. V.", members=[via_network_org])
    invited_org = make_organisation(name="Kulturverein Konstanz", members=[via_org])
    network = make_network(users=[direct], organisations=[network_org])
    round_ = make_round(audience="invited", title="Netzwerkrunde Sprache", kind="network")
    round_.networks = [network]
    round_.organisations = [invited_org]
    db.session.commit()
    return SimpleNamespace(round=round_, direct=direct, via_network_org=via_network_org,
                           via_org=via_org, outsider=outsider, network=network,
                           network_org=network_org, invited_org=invited_org)


@pytest.fixture
def round_form():
    """POST data of the round form; keyword arguments override single fields."""

    def data(concept, **overrides) -> dict:
        values = {
            "title": "Online-Beteiligung Sommer",
            "description": "Wir sammeln **Ideen**.",
            "kind": "online",
            "opens_on": "2026-03-01",
            "opens_time": "09:00",
            "closes_on": "2026-03-31",
            "closes_time": "18:00",
            "audience": "all",
            "topics": [str(t.id) for t in concept.topics],
            "accepted_kinds": ["goal", "measure"],
            "publish": "immediately",
        }
        values.update(overrides)
        return {k: v for k, v in values.items() if v is not None}

    return data


@pytest.fixture
def staff(login, moderator):
    """A member of staff, logged in."""
    login(moderator)
    return moderator
