"""Staff keep networks: named groups of organisations and people that can be invited."""

from sqlalchemy import select

from app.core.audit import AuditEntry
from app.extensions import db
from app.rounds.models import Network


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_create_a_network_with_organisations_and_people(client, staff, make_user,
                                                        make_organisation):
    first, second = make_organisation(name="Sprachtreff"), make_organisation(name="Caritas")
    mara = make_user(email="mara.network@example.org", display_name="Mara")
    response = client.post("/rounds/networks/new", data={
        "name": "Netzwerk Sprache", "description": "Träger der Sprachförderung",
        "organisations": [str(first.id), str(second.id)],
        "add_emails": " MARA.network@example.org \n\n"})
    assert response.status_code == 302
    network = db.session.scalar(select(Network))
    assert response.headers["Location"].endswith(f"/rounds/networks/{network.id}/edit")
    assert [o.name for o in network.organisations] == ["Caritas", "Sprachtreff"]
    assert [u.id for u in network.users] == [mara.id]
    assert _actions() == ["network.created"]
    html = client.get("/rounds/networks/").get_data(as_text=True)
    assert "Netzwerk Sprache" in html and "Träger der Sprachförderung" in html


def test_unknown_addresses_are_named_and_nothing_is_lost(client, staff, make_user):
    make_user(email="known@example.org")
    response = client.post("/rounds/networks/new", data={
        "name": "Netzwerk Arbeit", "add_emails": "known@example.org\nnobody@example.org"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Zu diesen Adressen gibt es kein Konto: nobody@example.org" in html
    assert "known@example.org\nnobody@example.org" in html
    assert 'value="Netzwerk Arbeit"' in html
    assert db.session.scalar(select(Network)) is None


def test_network_names_are_unique(client, staff, make_network):
    make_network(name="Netzwerk Sprache")
    response = client.post("/rounds/networks/new", data={"name": "netzwerk sprache"})
    assert response.status_code == 200
    assert "Ein Netzwerk mit diesem Namen gibt es schon." in response.get_data(as_text=True)


def test_empty_name_is_refused(client, staff):
    response = client.post("/rounds/networks/new", data={"name": "  "})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)


def test_edit_a_network(client, staff, make_network, make_organisation):
    organisation = make_organisation(name="Caritas")
    network = make_network(name="Alt", organisations=[organisation])
    html = client.get(f"/rounds/networks/{network.id}/edit").get_data(as_text=True)
    assert 'value="Alt"' in html and "checked" in html
    response = client.post(f"/rounds/networks/{network.id}/edit",
                           data={"name": "Neu", "description": ""})
    assert response.status_code == 302
    db.session.refresh(network)
    assert network.name == "Neu" and network.organisations == []
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "network.updated"))
    assert entry.before["name"] == "Alt" and entry.after["name"] == "Neu"
    assert entry.before["organisations"] == ["Caritas"] and entry.after["organisations"] == []


def test_search_add_and_remove_people(client, staff, make_network, make_user):
    network = make_network()
    mara = make_user(email="mara.k@example.org", display_name="Mara K.")
    make_user(email="other@example.org", display_name="Otto")
    html = client.get(f"/rounds/networks/{network.id}/edit?q=mara").get_data(as_text=True)
    assert "mara.k@example.org" in html and "other@example.org" not in html
    assert ('<span translate="no" dir="auto">Mara K.</span> zum Netzwerk hinzufügen'
            in html)

    response = client.post(f"/rounds/networks/{network.id}/members", data={"user_id": mara.id})
    assert response.status_code == 302
    db.session.refresh(network)
    assert [u.id for u in network.users] == [mara.id]
    html = client.get(f"/rounds/networks/{network.id}/edit?q=mara").get_data(as_text=True)
    assert "gehört schon dazu" in html
    assert '<span translate="no" dir="auto">Mara K.</span> aus dem Netzwerk entfernen' in html

    client.post(f"/rounds/networks/{network.id}/members/{mara.id}/remove")
    db.session.refresh(network)
    assert network.users == []
    assert _actions() == ["network.member_added", "network.member_removed"]


def test_search_needs_two_characters_and_escapes_wildcards(client, staff, make_network,
                                                           make_user):
    network = make_network()
    make_user(email="anna@example.org")
    html = client.get(f"/rounds/networks/{network.id}/edit?q=a").get_data(as_text=True)
    assert "anna@example.org" not in html and "Niemand gefunden" in html
    html = client.get(f"/rounds/networks/{network.id}/edit?q=%25%25").get_data(as_text=True)
    assert "anna@example.org" not in html


def test_unknown_network_or_person_is_404(client, staff, make_network):
    network = make_network()
    assert client.get("/rounds/networks/999/edit").status_code == 404
    assert client.post(f"/rounds/networks/{network.id}/members",
                       data={"user_id": 999}).status_code == 404
    assert client.post(f"/rounds/networks/{network.id}/members",
                       data={"user_id": "abc"}).status_code == 404


def test_round_form_offers_networks_and_organisations(client, staff, make_concept,
                                                      make_network, make_organisation):
    make_concept()
    make_network(name="Netzwerk Gesundheit")
    make_organisation(name="Ärzte für Alle")
    html = client.get("/rounds/new").get_data(as_text=True)
    assert "Netzwerk Gesundheit" in html and "Ärzte für Alle" in html
