"""Open data: the documented fields, and no personal data anywhere in it."""

import pytest

from app.concepts.models import Item
from app.extensions import db
from tests.reports.conftest import CHAPTER_BODY, PERSONAL

ITEM_FIELDS = {"id", "kind", "parent_id", "position", "text", "responsible", "partners",
               "timeframe", "example_by", "example_where", "example_link", "themes",
               "source_count", "sources"}


def test_documented_fields(client, draft, published):
    response = client.get("/export/concept.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = response.get_json()
    assert set(data) == {"format", "format_version", "concept", "version", "chapters",
                         "topics"}
    assert data["format"] == "konzeptwerkstatt-concept" and data["format_version"] == 1
    assert data["concept"] == {"title": "Integrationskonzept", "language": "de",
                               "owner": "Landkreis Konstanz, Amt für Migration und Integration"}
    version = data["version"]
    assert set(version) == {"number", "label", "frozen_at", "published_at", "visibility",
                            "adoptions"}
    assert version["number"] == 1 and version["visibility"] == "published"
    assert version["frozen_at"].endswith("+00:00")
    assert version["adoptions"] == [{"body": "Sozialausschuss", "adopted_on": "2017-11-27",
                                     "resolution": "Einstimmig empfohlen.",
                                     "document_ref": "Drucksache 2017/118"}]
    assert data["chapters"][0] == {"slug": "vorwort", "title": "Vorwort", "body": CHAPTER_BODY}
    assert [t["slug"] for t in data["topics"]] == ["sprache", "arbeit", "antidiskriminierung"]
    sprache = data["topics"][0]
    assert set(sprache) == {"slug", "name", "kind", "items"}
    assert sprache["kind"] == "field" and data["topics"][2]["kind"] == "crosscutting"
    items = {i["id"]: i for i in sprache["items"]}
    assert all(set(i) == ITEM_FIELDS for i in items.values())
    measure = items[draft.measure.id]
    assert measure["kind"] == "measure"
    assert measure["parent_id"] == draft.sub_goal.id
    assert measure["text"] == "Eine *trägerunabhängige* Sprachkursberatung einrichten."
    assert measure["partners"] == "Volkshochschulen\nJobcenter"
    assert measure["themes"] == ["antidiskriminierung"]
    assert measure["source_count"] == 2
    assert measure["sources"] == {"online": 1, "event": 1, "import": 0, "organisations": 0,
                                  "duplicates": 1}
    example = items[draft.example.id]
    assert (example["example_by"], example["example_where"], example["example_link"]) == (
        "Bildungswerk Hegau", "Singen", "https://example.org/lernpaten")
    positions = [i["position"] for i in sprache["items"]]
    assert positions == sorted(positions)


def test_ids_are_the_draft_items(client, draft, published):
    ids = {i["id"] for t in client.get("/export/concept.json").get_json()["topics"]
           for i in t["items"]}
    assert ids == set(db.session.scalars(db.select(Item.id)))


def test_no_personal_data(client, draft, published):
    response = client.get("/export/concept.json")
    assert response.status_code == 200
    assert any(t["items"] for t in response.get_json()["topics"])  # the concept is in it
    text = response.get_data(as_text=True)
    for personal in PERSONAL:
        assert personal not in text
    assert "@example.org" not in text


@pytest.mark.parametrize("who", [None, "participant"])
def test_internal_version_not_for_the_public(request, client, login, internal, who):
    if who:
        login(request.getfixturevalue(who))
    assert client.get(f"/export/concept.json?version={internal}").status_code == 404


def test_internal_version_for_staff(client, login, staff, internal):
    login(staff)
    response = client.get(f"/export/concept.json?version={internal}")
    assert response.status_code == 200
    assert response.get_json()["version"]["visibility"] == "internal"
    assert "Access-Control-Allow-Origin" not in response.headers
