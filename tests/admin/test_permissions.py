"""Who may open which administration page (DESIGN.md, "Permissions")."""

import pytest

from app.core.permissions import RULES, can

ADMIN_ONLY = ["/admin/users/", "/admin/audit/"]
STAFF = ["/admin/", "/admin/organisations/", "/admin/topics/", "/admin/topics/new",
         "/admin/chapters/", "/admin/chapters/new", "/outbox/"]


@pytest.mark.parametrize("path", ADMIN_ONLY + STAFF)
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["participant", "steering"])
@pytest.mark.parametrize("path", ADMIN_ONLY + STAFF)
def test_participants_and_steering_are_refused(client, login, make_user, make_concept, role,
                                               path):
    make_concept()
    login(make_user(roles={role}))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", STAFF)
def test_moderator_manages_structure_and_organisations(client, login, make_user, make_concept,
                                                       path):
    make_concept()
    login(make_user(roles={"moderator"}))
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ADMIN_ONLY)
def test_moderator_does_not_manage_users(client, login, make_user, path):
    login(make_user(roles={"moderator"}))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ADMIN_ONLY + STAFF)
def test_admin_sees_everything(client, login, make_user, make_concept, path):
    make_concept()
    login(make_user(roles={"admin"}))
    assert client.get(path).status_code == 200


def test_outbox_page_hidden_when_switched_off(app, client, login, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_UI", False)
    login(make_user(roles={"admin"}))
    assert client.get("/outbox/").status_code == 404


def test_every_rule_answers_for_anonymous_users(app):
    from flask_login import AnonymousUserMixin

    for action in RULES:
        assert can(action, None, user=AnonymousUserMixin()) is False


def test_unknown_action_is_a_programming_error(app):
    with pytest.raises(KeyError):
        can("no.such.rule", user=None)


def test_draft_visibility_rule(app, make_user, make_concept):
    # The unused rule concept.see_draft is gone; concept.read_draft decides, here on a draft
    # not published yet.
    draft = make_concept()
    draft.draft_published = False
    assert can("concept.read_draft", draft, user=make_user(roles={"steering"}))
    assert can("concept.read_draft", draft, user=make_user(roles={"moderator"}))
    assert not can("concept.read_draft", draft, user=make_user())
