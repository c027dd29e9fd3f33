"""Who gets which version of which export: published versions for everybody, internal ones for
staff and the steering group only, a round's contributions for staff only."""

from datetime import date

import pytest

from app.concepts.services import current_concept
from app.reports.services import NoVersionYet, chosen_version

EXPORTS = ["/export/concept.docx", "/export/concept/print", "/export/measures.xlsx",
           "/export/measures.csv", "/export/concept.json"]


@pytest.mark.parametrize("path", EXPORTS)
def test_anonymous_gets_the_published_default(client, internal, path):
    response = client.get(path)
    assert response.status_code == 200
    if path.endswith((".docx", ".xlsx", ".csv")):
        disposition = response.headers["Content-Disposition"]
        assert "attachment" in disposition and "Fassung-1" in disposition


def test_filenames(client, published):
    assert 'filename=Integrationskonzept-Fassung-1.docx' in client.get(
        "/export/concept.docx").headers["Content-Disposition"]
    assert "Integrationskonzept-Fassung-1-Ziele-und-Massnahmen.xlsx" in client.get(
        "/export/measures.xlsx").headers["Content-Disposition"]


@pytest.mark.parametrize("path", EXPORTS)
def test_internal_version_is_hidden_from_the_public(client, login, participant, internal,
                                                    path):
    assert client.get(f"{path}?version={internal}").status_code == 404
    login(participant)
    assert client.get(f"{path}?version={internal}").status_code == 404


@pytest.mark.parametrize("who", ["steering", "staff"])
@pytest.mark.parametrize("path", EXPORTS)
def test_internal_version_for_steering_and_staff(request, client, login, internal, who, path):
    login(request.getfixturevalue(who))
    response = client.get(f"{path}?version={internal}")
    assert response.status_code == 200
    if path.endswith((".docx", ".xlsx", ".csv", ".json")):
        assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("number", ["99", "abc", "-1", "0"])
def test_unknown_version_is_404(client, published, number):
    assert client.get(f"/export/concept.docx?version={number}").status_code == 404
    assert client.get(f"/export/?version={number}").status_code == 404


@pytest.mark.parametrize("path", ["/export/", *EXPORTS])
def test_no_version_yet_is_a_friendly_404(client, draft, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "Noch keine Fassung veröffentlicht" in response.get_data(as_text=True)


def test_no_concept_at_all(client):
    response = client.get("/export/")
    assert response.status_code == 404
    assert "Noch keine Fassung veröffentlicht" in response.get_data(as_text=True)


def test_staff_export_an_internal_version_before_one_is_published(client, login, staff,
                                                                  freeze):
    number = freeze(visibility="internal")
    login(staff)
    page = client.get("/export/")
    assert page.status_code == 200
    assert f"/export/concept.docx?version={number}" in page.get_data(as_text=True)
    assert client.get("/export/concept.docx").status_code == 404  # no public default
    assert client.get(f"/export/concept.docx?version={number}").status_code == 200


def test_an_adopted_internal_version_is_not_the_public_default(app, client, freeze):
    published = freeze(label="Öffentlich")
    adopted = freeze(label="Beschlossen, noch nicht veröffentlicht", visibility="internal",
                     adopted_on=date(2017, 12, 5), body="Steuerungsgruppe Integration")
    concept = current_concept()
    assert chosen_version(concept, None, None).number == published
    assert chosen_version(concept, str(adopted), None) is None
    assert "Öffentlich" in client.get("/export/concept/print").get_data(as_text=True)


def test_chosen_version_without_any(app, draft):
    with pytest.raises(NoVersionYet):
        chosen_version(current_concept(), None, None)


def test_contributions_export_is_for_staff_only(client, login, draft, steering, participant,
                                                staff):
    path = f"/export/rounds/{draft.round.id}/contributions.xlsx"
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    login(participant)
    assert client.get(path).status_code == 403
    client.post("/auth/logout")
    login(steering)
    assert client.get(path).status_code == 403
    client.post("/auth/logout")
    login(staff)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert client.get("/export/rounds/9999/contributions.xlsx").status_code == 404


def test_export_page_for_the_public(client, internal):
    html = client.get("/export/").get_data(as_text=True)
    assert "Exporte" in html
    for path in EXPORTS:
        assert f"{path}?version=1" in html
    assert "contributions.xlsx" not in html
    assert "Entwurf nach der Netzwerkrunde" not in html  # the internal version's label
    assert 'beschlossen vom <span lang="de" dir="ltr">Sozialausschuss</span> am 27.11.2017' in html


def test_export_page_for_staff(client, login, staff, draft, internal):
    login(staff)
    html = client.get("/export/").get_data(as_text=True)
    assert f"/export/rounds/{draft.round.id}/contributions.xlsx" in html
    assert "Entwurf nach der Netzwerkrunde" in html  # chooser lists the internal version
    assert 'name="version"' in html
    chosen = client.get(f"/export/?version={internal}").get_data(as_text=True)
    assert f"/export/concept.docx?version={internal}" in chosen
    assert "Diese Fassung ist intern" in chosen


def test_export_page_for_steering_has_no_contributions(client, login, steering, internal):
    login(steering)
    html = client.get("/export/").get_data(as_text=True)
    assert "contributions.xlsx" not in html
    assert "Entwurf nach der Netzwerkrunde" in html


def test_round_of_another_concept_is_404(client, login, staff, published, make_round,
                                         make_concept):
    other = make_round(concept=make_concept())
    login(staff)
    assert client.get(f"/export/rounds/{other.id}/contributions.xlsx").status_code == 404
