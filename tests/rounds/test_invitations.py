"""Inviting networks and organisations to a round notifies each invited person once:
people in the network, active members of its organisations and of invited organisations."""

import pytest
from sqlalchemy import select

from app.accounts.models import Membership
from app.core.outbox import OutboxMessage
from app.core.urls import absolute_link
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import target_url
from app.rounds.models import Round


@pytest.fixture
def audience(make_user, make_organisation, make_network):
    """A network with one person directly and one organisation (one active member, one who
    only asked to join), and a second organisation with two active members, one of whom is
    also in the network."""
    direct, network_member, org_member, hopeful = (make_user(), make_user(), make_user(),
                                                   make_user())
    network_org = make_organisation(name="Sprachtreff", members=[network_member])
    db.session.add(Membership(user=hopeful, organisation=network_org,
                              status=Membership.REQUESTED))
    network = make_network(users=[direct], organisations=[network_org])
    organisation = make_organisation(name="Elternverein", members=[org_member, direct])
    db.session.commit()
    return network, organisation, {direct.id, network_member.id, org_member.id}, hopeful


def _invitations() -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(
        Notification.kind == "invitation").order_by(Notification.user_id)))


def test_invited_people_are_notified_once(client, staff, make_concept, round_form, audience):
    concept = make_concept()
    network, organisation, expected, hopeful = audience
    data = round_form(concept, audience="invited", networks=[str(network.id)],
                      organisations=[str(organisation.id)], opens_on="2020-01-01",
                      closes_on="2099-12-31", title="Netzwerkrunde Bildung")
    assert client.post("/rounds/new", data=data).status_code == 302
    round_ = db.session.scalar(select(Round))
    notifications = _invitations()
    assert {n.user_id for n in notifications} == expected
    assert len(notifications) == len(expected)  # the person in both only once
    assert hopeful.id not in {n.user_id for n in notifications}
    assert all(target_url(n) == absolute_link(f"/rounds/{round_.id}") for n in notifications)
    assert all(n.params["title"] == "Netzwerkrunde Bildung" for n in notifications)
    assert db.session.scalar(select(db.func.count(OutboxMessage.id))) == len(expected)

    # Saving again (with a change) notifies nobody a second time.
    data.update(title="Netzwerkrunde Bildung (verlängert)", lock_version="1")
    assert client.post(f"/rounds/{round_.id}/edit", data=data).status_code == 302
    assert len(_invitations()) == len(expected)


def test_newly_invited_organisation_notifies_only_its_members(client, staff, make_concept,
                                                              round_form, audience,
                                                              make_user, make_organisation):
    concept = make_concept()
    network, organisation, expected, _hopeful = audience
    data = round_form(concept, audience="invited", networks=[str(network.id)],
                      opens_on="2020-01-01", closes_on="2099-12-31")
    client.post("/rounds/new", data=data)
    round_ = db.session.scalar(select(Round))
    first = {n.user_id for n in _invitations()}
    newcomer = make_user()
    later = make_organisation(name="Neu dabei", members=[newcomer])
    data.update(organisations=[str(organisation.id), str(later.id)], lock_version="1")
    assert client.post(f"/rounds/{round_.id}/edit", data=data).status_code == 302
    ids = [n.user_id for n in _invitations()]
    assert len(ids) == len(set(ids))
    assert set(ids) == first | expected | {newcomer.id}


def test_people_added_to_an_invited_network_are_notified(client, staff, make_concept,
                                                         round_form, audience, make_user):
    concept = make_concept()
    network, _organisation, _expected, _hopeful = audience
    client.post("/rounds/new", data=round_form(concept, audience="invited",
                                               networks=[str(network.id)],
                                               opens_on="2020-01-01", closes_on="2099-12-31"))
    before = len(_invitations())
    newcomer = make_user()
    client.post(f"/rounds/networks/{network.id}/members", data={"user_id": newcomer.id})
    client.post(f"/rounds/networks/{network.id}/members", data={"user_id": newcomer.id})
    invitations = _invitations()
    assert len(invitations) == before + 1
    assert invitations[-1].user_id == newcomer.id


def test_rounds_open_to_all_and_closed_rounds_send_no_invitations(client, staff, make_concept,
                                                                 round_form, audience):
    concept = make_concept()
    network, organisation, _expected, _hopeful = audience
    client.post("/rounds/new", data=round_form(concept, networks=[str(network.id)]))
    client.post("/rounds/new", data=round_form(
        concept, audience="invited", networks=[str(network.id)], title="Längst vorbei",
        opens_on="2019-01-01", closes_on="2019-02-01"))
    assert db.session.scalar(select(db.func.count(Round.id))) == 2
    assert _invitations() == []


def test_invitation_message_reads_well(client, staff, make_concept, round_form, audience):
    concept = make_concept()
    network, _organisation, expected, _hopeful = audience
    client.post("/rounds/new", data=round_form(
        concept, audience="invited", networks=[str(network.id)], title="Netzwerkrunde Wohnen",
        opens_on="2020-01-01", closes_on="2099-12-31"))
    from app.notifications.services import message_for

    text = message_for(_invitations()[0])
    assert text == "Sie sind zur Beteiligungsrunde „Netzwerkrunde Wohnen“ eingeladen."
