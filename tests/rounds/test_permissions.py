"""Who may open which rounds page (DESIGN.md, "Permissions"): everyone reads public rounds;
invited-only rounds only their audience and staff; staff manage rounds and networks."""

import pytest

from app.extensions import db

STAFF_PAGES = ["/rounds/new", "/rounds/{round_id}/edit", "/rounds/networks/",
               "/rounds/networks/new", "/rounds/networks/{network_id}/edit"]


@pytest.fixture
def ids(make_round, make_network):
    round_ = make_round()
    network = make_network()
    return {"round_id": round_.id, "network_id": network.id}


def _user(make_user, role):
    return make_user(roles={role} if role != "participant" else ())


@pytest.mark.parametrize("role", [None, "participant", "steering", "moderator", "admin"])
def test_everyone_reads_the_list_and_a_public_round(client, login, make_user, ids, role):
    if role:
        login(_user(make_user, role))
    assert client.get("/rounds/").status_code == 200
    assert client.get(f"/rounds/{ids['round_id']}").status_code == 200


def test_unknown_round_is_404(client):
    assert client.get("/rounds/999999").status_code == 404


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_anonymous_is_sent_to_login_from_staff_pages(client, ids, path):
    response = client.get(path.format(**ids))
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["participant", "steering"])
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_participants_and_steering_may_not_manage(client, login, make_user, ids, role, path):
    login(_user(make_user, role))
    assert client.get(path.format(**ids)).status_code == 403


@pytest.mark.parametrize("role", ["moderator", "admin"])
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_manage_rounds_and_networks(client, login, make_user, ids, role, path):
    login(_user(make_user, role))
    assert client.get(path.format(**ids)).status_code == 200


@pytest.mark.parametrize("role", ["participant", "steering"])
def test_state_changes_are_refused_to_non_staff(client, login, make_user, make_concept,
                                                round_form, ids, role):
    user = _user(make_user, role)
    login(user)
    concept = make_concept()
    network_id = ids["network_id"]
    assert client.post("/rounds/new", data=round_form(concept)).status_code == 403
    assert client.post(f"/rounds/{ids['round_id']}/edit",
                       data=round_form(concept)).status_code == 403
    assert client.post("/rounds/networks/new", data={"name": "X"}).status_code == 403
    assert client.post(f"/rounds/networks/{network_id}/members",
                       data={"user_id": user.id}).status_code == 403
    assert client.post(f"/rounds/networks/{network_id}/members/{user.id}/remove"
                       ).status_code == 403


def test_staff_see_the_new_round_button(client, login, make_user, ids):
    assert "Neue Runde" not in client.get("/rounds/").get_data(as_text=True)
    login(make_user())
    assert "Neue Runde" not in client.get("/rounds/").get_data(as_text=True)
    client.post("/auth/logout")
    login(make_user(roles={"moderator"}))
    html = client.get("/rounds/").get_data(as_text=True)
    assert 'href="/rounds/new"' in html and "Neue Runde" in html


# --- invited-only rounds -------------------------------------------------------------------

@pytest.mark.parametrize("who", ["direct", "via_network_org", "via_org"])
def test_invited_members_see_the_round(client, login, invited, who):
    login(getattr(invited, who))
    assert client.get(f"/rounds/{invited.round.id}").status_code == 200
    assert "Netzwerkrunde Sprache" in client.get("/rounds/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["steering", "moderator", "admin"])
def test_staff_and_steering_see_invited_rounds(client, login, make_user, invited, role):
    login(make_user(roles={role}))
    assert client.get(f"/rounds/{invited.round.id}").status_code == 200
    assert "Netzwerkrunde Sprache" in client.get("/rounds/").get_data(as_text=True)


def test_others_do_not_see_invited_rounds(client, login, invited):
    response = client.get(f"/rounds/{invited.round.id}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert "Netzwerkrunde Sprache" not in client.get("/rounds/").get_data(as_text=True)
    login(invited.outsider)
    assert client.get(f"/rounds/{invited.round.id}").status_code == 403
    assert "Netzwerkrunde Sprache" not in client.get("/rounds/").get_data(as_text=True)


def test_a_requested_membership_is_no_invitation(client, login, make_user, invited):
    from app.accounts.models import Membership

    hopeful = make_user()
    db.session.add(Membership(user=hopeful, organisation=invited.invited_org,
                              status=Membership.REQUESTED))
    db.session.commit()
    login(hopeful)
    assert client.get(f"/rounds/{invited.round.id}").status_code == 403
