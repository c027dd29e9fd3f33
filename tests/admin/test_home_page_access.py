"""Who may edit the home page's introduction and the steps of its timeline (rule
`concept.manage`: the county's staff, i.e. moderators and admins, as for topics and chapters;
DESIGN.md, "Permissions"): everyone else is sent to log in or refused, GET and POST, and a
refused POST changes nothing."""

import pytest
from sqlalchemy import select

from app.concepts.models import Concept, Milestone
from app.extensions import db

MILESTONE = {"title": "Geändert", "starts_on": "2027-03-01"}
INTRODUCTION = {"title": "Geändert", "summary": "Geändert."}


@pytest.fixture
def milestone(make_concept) -> Milestone:
    make_concept()
    return db.session.scalar(select(Milestone))


def _requests(milestone):
    return [("get", "/admin/introduction", None),
            ("post", "/admin/introduction", INTRODUCTION),
            ("get", f"/admin/milestones/{milestone.id}", None),
            ("post", f"/admin/milestones/{milestone.id}", MILESTONE),
            ("get", "/admin/milestones/new", None),
            ("post", "/admin/milestones/new", MILESTONE)]


def _unchanged(milestone) -> None:
    db.session.expire_all()
    assert db.session.scalar(select(Concept.title)) == "Integrationskonzept"
    assert list(db.session.scalars(select(Milestone.title))) == [milestone.title]


def test_anonymous_is_sent_to_login(client, milestone):
    for method, path, data in _requests(milestone):
        response = getattr(client, method)(path, data=data)
        assert response.status_code == 302, (method, path)
        assert "/auth/login" in response.headers["Location"], (method, path)
    _unchanged(milestone)


@pytest.mark.parametrize("role", ["participant", "representative", "steering"])
def test_others_are_refused(client, login, make_user, make_organisation, milestone, role):
    user = make_user(roles={role} if role != "representative" else ())
    if role == "representative":
        make_organisation(representatives=[user])
    login(user)
    for method, path, data in _requests(milestone):
        assert getattr(client, method)(path, data=data).status_code == 403, (method, path)
    _unchanged(milestone)


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_may(client, login, make_user, milestone, role):
    login(make_user(roles={role}))
    assert client.get("/admin/introduction").status_code == 200
    assert client.get(f"/admin/milestones/{milestone.id}").status_code == 200
    response = client.post(f"/admin/milestones/{milestone.id}", data=MILESTONE)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Milestone, milestone.id).title == "Geändert"
