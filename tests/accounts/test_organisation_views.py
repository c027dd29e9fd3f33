"""Organisation pages: who may create, join, edit and decide."""

from sqlalchemy import select

from app.accounts.models import Membership, Organisation
from app.extensions import db


def test_list_and_page_are_public(client, make_organisation):
    organisation = make_organisation(name="Brücke", verified=True)
    assert "Brücke" in client.get("/organisations/").get_data(as_text=True)
    html = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "bestätigt" in html


def test_create_requires_login(client):
    assert client.get("/organisations/new").status_code == 302


def test_create_organisation(client, login, make_user):
    user = make_user()
    login(user)
    response = client.post("/organisations/new", data={
        "name": "Fahrradwerkstatt", "kind": "volunteer_initiative", "place": "Engen",
        "website": "https://example.org", "description": "Wir reparieren."})
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert organisation.representatives == [user]


def test_create_organisation_rejects_javascript_urls(client, login, make_user):
    login(make_user())
    response = client.post("/organisations/new", data={
        "name": "X", "kind": "partner", "website": "javascript://example.org/%0aalert(1)"})
    assert response.status_code == 200
    assert db.session.scalar(select(Organisation)) is None


def test_join_and_representative_accepts(client, login, make_user, make_organisation):
    representative = make_user()
    organisation = make_organisation(representatives=[representative])
    joiner = make_user()
    login(joiner)
    assert client.post(f"/organisations/{organisation.id}/join",
                       data={"message": "Hallo"}).status_code == 302
    membership = db.session.scalar(select(Membership).where(Membership.user_id == joiner.id))
    # the joiner cannot accept themselves
    assert client.post(f"/organisations/memberships/{membership.id}/accept").status_code == 403
    client.post("/auth/logout")
    login(representative)
    assert client.post(f"/organisations/memberships/{membership.id}/accept").status_code == 302
    db.session.refresh(membership)
    assert membership.is_active


def test_edit_only_for_representative_or_admin(client, login, make_user, make_organisation):
    member = make_user()
    representative = make_user()
    organisation = make_organisation(members=[member], representatives=[representative])
    login(member)
    assert client.get(f"/organisations/{organisation.id}/edit").status_code == 403
    client.post("/auth/logout")
    login(representative)
    assert client.get(f"/organisations/{organisation.id}/edit").status_code == 200
    response = client.post(f"/organisations/{organisation.id}/edit", data={
        "name": "Neuer Name", "kind": organisation.kind})
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert organisation.name == "Neuer Name"
