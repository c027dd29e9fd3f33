"""The one redirect-target check (issue 11, finding 2): only paths on this site pass."""

import pytest

from app.core.urls import is_safe_target, safe_next

HOSTILE = [
    "https://evil.example/",
    "http:evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/%09/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%255C/evil.example",
    "/%252F%252Fevil.example",
    "javascript:alert(1)",
    "/\x00/evil.example",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "",
    None,
    "/" + "a" * 5000,
]

LOCAL = [
    "/",
    "/me/profile",
    "/rounds/3?page=2&sort=new",
    "/contributions/5#comment-3",
    "/topics/sprache?q=Sprachkurs%20am%20Abend",
    "/workbench/sprache?outcome=pending&next=%2Fmoderation%2F",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_refused(target):
    assert not is_safe_target(target)
    assert safe_next(target, "/fallback") == "/fallback"


@pytest.mark.parametrize("target", LOCAL)
def test_local_paths_pass(target):
    assert safe_next(target, "/fallback") == target


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\\evil.example", "//evil.example",
                                    "/%2F/evil.example"])
def test_login_next_never_leaves_the_site(client, make_user, target):
    user = make_user()
    response = client.post("/auth/login", data={
        "email": user.email, "password": "correct horse battery staple", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_notifications_back_never_leaves_the_site(client, login, make_user):
    login(make_user())
    response = client.post("/me/notifications/read", data={"back": "/\t/evil.example"})
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]
