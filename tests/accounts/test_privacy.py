"""A person can download their data and delete their account; nothing they wrote is lost."""

import json

from sqlalchemy import select

from app.accounts.models import Membership, User
from app.core.audit import AuditEntry
from app.extensions import db


def test_download_my_data(client, login, make_user, make_organisation):
    user = make_user(email="amina@example.org", display_name="Amina", group="volunteer")
    make_organisation(name="Brücke", members=[user])
    login(user)
    response = client.get("/me/data")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "amina@example.org"
    assert data["account"]["group"] == "volunteer"
    assert data["memberships"][0]["organisation"] == "Brücke"


def test_delete_account_anonymises(client, login, make_user, make_organisation):
    user = make_user(email="weg@example.org", display_name="Weg")
    make_organisation(representatives=[user])
    login(user)
    response = client.post("/me/delete", data={"password": "falsch", "confirm": "y"})
    assert response.status_code == 200
    response = client.post("/me/delete", data={"password": "correct horse battery staple",
                                               "confirm": "y"})
    assert response.status_code == 302
    user = db.session.get(User, user.id)
    db.session.refresh(user)
    assert user.email != "weg@example.org" and "Weg" not in user.display_name
    assert user.deleted_at is not None and not user.is_active
    membership = db.session.scalar(select(Membership))
    assert membership.status == "ended" and not membership.is_representative
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.deleted"))
    # the session is gone and the old credentials no longer work
    assert client.get("/me/profile").status_code == 302
    response = client.post("/auth/login", data={"email": "weg@example.org",
                                                "password": "correct horse battery staple"})
    assert response.status_code == 200


def test_last_admin_cannot_delete_themselves(client, login, make_user):
    admin = make_user(roles={"admin"})
    login(admin)
    response = client.post("/me/delete", data={"password": "correct horse battery staple",
                                               "confirm": "y"})
    assert response.status_code == 200
    db.session.refresh(admin)
    assert admin.deleted_at is None
