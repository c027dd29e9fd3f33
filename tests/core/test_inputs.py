"""Hostile input is answered with 400 or 404, never 500 (issue 11, finding 7): the cases the
review found, one by one. tests/core/test_fuzz.py sends such values to every route."""

import pytest

from app.core.inputs import MAX_INT, parse_int


@pytest.mark.parametrize(("value", "expected"), [
    ("12", 12), ("0", 0), (str(MAX_INT), MAX_INT), (7, 7),
    (str(MAX_INT + 1), None), ("99999999999", None), (str(2**63), None), ("9" * 5000, None),
    ("²", None), ("١٢", None), ("-1", None), ("1.5", None), (" 12", None), ("", None),
    (None, None), (True, None), ("abc", None),
])
def test_parse_int_takes_bounded_ascii_digits_only(value, expected):
    assert parse_int(value) == expected


@pytest.fixture
def data(make_user, make_organisation, make_contribution):
    contribution = make_contribution()
    admin = make_user(roles=("admin",))
    return {"contribution": contribution, "round": contribution.round,
            "topic": contribution.topic, "admin": admin, "participant": make_user()}


# (who, method, URL, form data, allowed answers); {round}, {contribution}, {topic} and
# {topic_slug} are filled in from the data above.
CASES = [
    (None, "GET", "/contributions/99999999999", None, {404}),
    (None, "GET", "/contributions/9223372036854775808", None, {404}),
    (None, "GET", "/contributions/١٢", None, {404}),
    (None, "GET", "/rounds/{round}?page=9223372036854775808", None, {200, 404}),
    (None, "GET", "/topics/{topic_slug}?page=" + "9" * 5000, None, {200, 404}),
    (None, "GET", "/concept/versions/1/diff/%C2%B2", None, {404}),
    ("admin", "GET", "/concept/versions/draft/diff/%C2%B2", None, {404}),
    (None, "GET", "/concept/versions/compare?a=%C2%B2&b=1", None, {404}),
    (None, "GET", "/export/concept.json?version=9223372036854775808", None, {404}),
    (None, "GET", "/topics/%00", None, {400}),
    ("participant", "POST", "/contributions/{contribution}/comments",
     {"body": "Guter\x00Vorschlag"}, {400}),
    ("participant", "POST", "/contributions/{contribution}/comments",
     {"body": "Guter Vorschlag", "parent_id": str(2**63)}, {400}),
    ("participant", "GET", "/contributions/{contribution}/comments/0/reply", None, {404}),
    ("participant", "POST", "/contributions/{contribution}/flag", {"reason": "a\x00b"}, {400}),
    ("participant", "POST", "/me/profile", {"display_name": "Name\x00"}, {400}),
    ("admin", "GET", "/admin/users/?q=%00", None, {400}),
    ("admin", "GET", "/admin/users/?q=" + "x" * 100_000, None, {200}),
    ("admin", "GET", "/admin/users/?page=9223372036854775808", None, {404}),
    ("admin", "GET", "/admin/audit/?object_id=9223372036854775808", None, {200}),
    ("admin", "GET", "/workbench/{topic_slug}?round=" + "9" * 5000 + "&open=%C2%B2&page=%C2%B2",
     None, {200}),
    ("admin", "GET", "/workbench/{topic_slug}?open=9223372036854775808", None, {200}),
    ("admin", "POST", "/admin/topics/{topic}",
     {"name": "Sprache", "kind": "field", "slug": "sprache", "lock_version": "abc"}, {400}),
    ("admin", "POST", "/admin/topics/{topic}",
     {"name": "Sprache", "kind": "field", "slug": "sprache", "lock_version": "١"}, {400}),
]


@pytest.mark.parametrize(("who", "method", "url", "form", "allowed"), CASES,
                         ids=[f"{c[1]} {c[2][:60]}" for c in CASES])
def test_hostile_input_is_answered_with_400_or_404(client, login, data, who, method, url,
                                                   form, allowed):
    if who is not None:
        login(data[who])
    url = url.format(round=data["round"].id, contribution=data["contribution"].id,
                     topic=data["topic"].id, topic_slug=data["topic"].slug)
    response = client.get(url) if method == "GET" else client.post(url, data=form)
    assert response.status_code in allowed


def test_control_characters_are_refused_with_a_clear_message(client, login, data):
    login(data["participant"])
    response = client.post(f"/contributions/{data['contribution'].id}/comments",
                           data={"body": "Text mit \x1b[2J Steuerzeichen"})
    assert response.status_code == 400
    assert "Steuerzeichen" in response.get_data(as_text=True)


def test_tabs_and_line_breaks_are_text(client, login, data):
    login(data["participant"])
    response = client.post(f"/contributions/{data['contribution'].id}/comments",
                           data={"body": "Erste Zeile\r\n\tzweite Zeile"})
    assert response.status_code == 302
